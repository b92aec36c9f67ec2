#!/usr/bin/env bash
# The Spark engine against the local engine: the Riemannian measure of the shipped softplus decoder
# on an N×N grid (default 2048) with the local engine, Spark local[2] and a loopback standalone
# cluster (one worker, 2 cores), in one JVM; start-up timed apart, then 1 + R runs each (R default 3).
# Usage: benchmarks/spark.sh [N] [R]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2048}"; R="${2:-3}"
nice -n 10 mvn -B -q -o -Pspark -pl engine-spark -am package -DskipTests
CP_FILE="$(mktemp)"
(cd engine-spark && mvn -B -q -o -Pspark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE")
CP="engine-spark/target/test-classes:engine-spark/target/lib/engine-spark-0.1.0-SNAPSHOT.jar"
for m in core measures-riemannian measures-jsd measures-classifier generators-onnx generators-text; do
  CP="$CP:$m/target/$m-0.1.0-SNAPSHOT.jar"
done
CP="$CP:$(grep -v '/org/latentcartography/' <(tr ':' '\n' < "$CP_FILE") | paste -sd:)"
rm -f "$CP_FILE"
OPENS="$(sed -n 's:.*<spark.addOpens>\(-XX.*\)</spark.addOpens>.*:\1:p' engine-spark/pom.xml | head -1)"
# shellcheck disable=SC2086
exec java -Xmx3g $OPENS -Dspark.addOpens="$OPENS" -Dcartography.root="$PWD" \
  -Dlog4j2.configurationFile="$PWD/engine-spark/conf/log4j2.properties" \
  -cp "$CP" org.latentcartography.engine.spark.SparkBenchmark "$N" "$R"
