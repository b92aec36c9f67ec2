#!/usr/bin/env bash
# How soon the explorer's page is interactive (issue 16): 'cartography serve' on the shipped softplus
# VAE's Riemannian measure at GRID² cells (default 800) with its 10,000 embeddings and its map,
# loaded LOADS times (default 7) in headless Chromium driven by Selenium (ExplorerPage): time to
# ready, first hover answered, and hover latency; medians last. Needs Debian's chromium and
# chromium-driver. Run from the repository root after
#   mvn -q -DskipTests package
# WORK=DIR keeps (and reuses) the measure and map in DIR/measure and DIR/map.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-$(mktemp -d)}
keep=${WORK:+1}
trap 'kill "${server:-0}" 2>/dev/null || true; [ -n "$keep" ] || rm -rf "$work"' EXIT
m=models/mnist/vae-softplus
if [ ! -f "$work/measure/measure.npy" ]; then
  ./cartography measure --generator "onnx:$m/decoder.onnx" --measure riemannian --embeddings "$m/z.npy" \
    --grid "${GRID:-800}" --quiet --out "$work/measure"
fi
if [ ! -f "$work/map/map.npy" ]; then
  ./cartography transform --in "$work/measure" --quiet --out "$work/map"
fi
mvn -o -q -DskipTests package dependency:build-classpath -pl benchmarks -am -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime
./cartography serve "$work/measure" "$work/map" "$m" --generator "onnx:$m/decoder.onnx,output=x" --port 0 \
  > "$work/url" 2> "$work/err" &
server=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.2; done
url=$(head -1 "$work/url")
echo "serving $url; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "benchmarks/target/classes:$(cat "$work/cp.txt")" org.latentcartography.benchmarks.ExplorerPage "$url" \
  "${LOADS:-7}" "${HOVERS:-60}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
