#!/usr/bin/env bash
# Load on 'cartography serve' (issue 16): decode requests at RATE per second (default 200) for SECONDS
# (default 30) against the shipped softplus VAE's measure and map, open loop, on loopback; prints
# answered, errors and latency percentiles. Run from the repository root after
#   mvn -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
m=models/mnist/vae-softplus
./cartography measure --generator "onnx:$m/decoder.onnx" --measure riemannian --embeddings "$m/z.npy" \
  --grid "${GRID:-400}" --quiet --out "$work/measure"
./cartography transform --in "$work/measure" --quiet --out "$work/map"
./cartography serve "$work/measure" "$work/map" --generator "onnx:$m/decoder.onnx,output=x" --port 0 \
  > "$work/url" 2> "$work/err" &
server=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.2; done
url=$(head -1 "$work/url")
java -cp benchmarks/target/classes org.latentcartography.benchmarks.ExplorerLoad "$url" "${RATE:-200}" "${SECONDS_:-30}" "${WARMUP:-5}"
