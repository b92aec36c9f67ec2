#!/usr/bin/env bash
# Where the time of a measure goes (issue 20): one `cartography measure` process (Riemannian
# measure of MODEL at N x N, default vae-tanh at 800) under Java Flight Recorder, then a summary:
# wall time, the measure's own seconds, and the top methods of the Java and the native-method
# samples (ONNX Runtime's inference shows as the native method OrtSession.run), by thread.
# Needs a JDK with jfr (JDK 17). Run from the repository root after mvn -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${MODEL:-vae-tanh}
N=${N:-800}
M=models/mnist/$MODEL
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
JFR="$OUT/measure-$MODEL-$N.jfr"
start=$(date +%s.%N)
JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=filename=$JFR,settings=profile" ./cartography measure \
  --generator "onnx:$M/decoder.onnx" --measure riemannian --embeddings "$M/z.npy" --grid "$N" --quiet --force \
  --out "$OUT/profile-$MODEL-$N" 2>/dev/null
end=$(date +%s.%N)
echo "wall $(echo "$end - $start" | bc) s; measure.json: $(grep -o '"seconds": [0-9.]*' "$OUT/profile-$MODEL-$N/measure.json" | head -1)"
jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$JFR" > "$OUT/samples.txt"
python3 benchmarks/jfr_top.py "$OUT/samples.txt"
echo "recording: $JFR"
uptime
