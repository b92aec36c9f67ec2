#!/usr/bin/env bash
# Benchmark of the geodesics (issue 17): a 1024x1024 distance field (isotropic fast marching and the
# anisotropic fast sweeping on the same metric as a tensor) and a 100x100 distance matrix, medians
# of RUNS runs. Run from the repository root after
#   mvn -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
java -Xmx2g -cp benchmarks/target/classes:core/target/classes \
  org.latentcartography.benchmarks.GeodesicBenchmark "${N:-1024}" "${MATRIX_N:-256}" "${RUNS:-5}" "${THREADS:-2}"
