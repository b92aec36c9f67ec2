#!/usr/bin/env bash
# Benchmark of the grid evaluation (issues 2 and 20): for each shipped MNIST decoder and grid size,
# the whole `cartography measure` process (Riemannian measure) against a bare ONNX Runtime program
# evaluating the same number of points (BareOnnxInference), alternated by hyperfine, medians; then
# the peak RSS of a 2048x2048 measure with /usr/bin/time -v.
# Needs: apt-get install -y hyperfine time. Run from the repository root after
#   mvn -q -DskipTests package
# Settings: MODELS (default: vae-relu vae-softplus vae-tanh ae-relu), SIZES (default: 800 2048),
# RUNS (default 5; 2048x2048 runs take about a minute each), RSS=0 skips the peak-RSS run.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
CP="benchmarks/target/classes:cli/target/lib/*"
./cartography --version >/dev/null # makes the class-data sharing archive if the build is new
sleep 5
for model in ${MODELS:-vae-relu vae-softplus vae-tanh ae-relu}; do
  M=models/mnist/$model
  for N in ${SIZES:-800 2048}; do
    hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$OUT/measure-$model-$N.json" \
      -n "cartography measure $model ${N}x$N" \
      "./cartography measure --generator onnx:$M/decoder.onnx --measure riemannian --embeddings $M/z.npy --grid $N --quiet --force --out $OUT/m-$model-$N" \
      -n "bare ONNX Runtime $model ${N}x$N" \
      "java -XX:+UseSerialGC -cp '$CP' org.latentcartography.benchmarks.BareOnnxInference $M/decoder.onnx $N 2 4096"
    python3 - "$OUT/measure-$model-$N.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
med = [statistics.median(x["times"]) for x in r]
print(f"{r[0]['command']}: median {med[0]:.2f} s; {r[1]['command']}: median {med[1]:.2f} s; ratio {med[0] / med[1]:.3f}")
PY
  done
done
uptime
if [ "${RSS:-1}" != 0 ]; then
  M=models/mnist/vae-softplus
  /usr/bin/time -v ./cartography measure --generator onnx:$M/decoder.onnx --measure riemannian --embeddings $M/z.npy \
    --grid 2048 --quiet --force --out "$OUT/m2048" 2>&1 | grep -E "Maximum resident|Elapsed \(wall"
fi
