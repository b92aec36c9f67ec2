#!/usr/bin/env bash
# Benchmark of the Jensen-Shannon measure of a text decoder (issue 5): the shipped 2-D fortunes
# seq2seq VAE (GRU, 3,004 words), greedy decoding with T = 20, on a 200x200 grid (40,000 cells,
# up to 800,000 decoder steps) as a whole process with its peak RSS, then the same at 800x800.
# Needs: apt-get install -y time. Run from the repository root after mvn -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
M=models/text/fortunes-2d
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
for N in ${SIZES:-200 800}; do
  /usr/bin/time -v ./cartography measure --generator text:$M --measure jsd --embeddings $M/z.npy \
    --grid "$N" --quiet --force --out "$OUT/text$N" 2>&1 | grep -E "Maximum resident|Elapsed \(wall"
  grep -o '"seconds": [0-9.]*' "$OUT/text$N/measure.json" | head -1
done
