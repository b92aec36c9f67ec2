#!/usr/bin/env bash
# Benchmark of the grid evaluation (issue 2): the whole `cartography measure` process for the
# softplus decoder at 800x800 against a bare ONNX Runtime program evaluating the same 640,000
# points, alternated by hyperfine; then peak RSS of a 2048x2048 measure with /usr/bin/time -v.
# Needs: apt-get install -y hyperfine time. Run from the repository root after
#   mvn -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
M=models/mnist/vae-softplus
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
CP="benchmarks/target/classes:cli/target/lib/*"
hyperfine --warmup 1 --runs ${RUNS:-7} --export-markdown "$OUT/measure.md" \
  -n "cartography measure 800x800" \
  "./cartography measure --generator onnx:$M/decoder.onnx --measure riemannian --embeddings $M/z.npy --grid 800 --quiet --force --out $OUT/m800" \
  -n "bare ONNX Runtime, 640,000 points" \
  "java -XX:+UseSerialGC -cp '$CP' org.latentcartography.benchmarks.BareOnnxInference $M/decoder.onnx 800 2 4096"
cat "$OUT/measure.md"
/usr/bin/time -v ./cartography measure --generator onnx:$M/decoder.onnx --measure riemannian --embeddings $M/z.npy \
  --grid 2048 --quiet --force --out "$OUT/m2048" 2>&1 | grep -E "Maximum resident|Elapsed \(wall"
