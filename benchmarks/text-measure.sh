#!/usr/bin/env bash
# Benchmark of the Jensen-Shannon measure of a text decoder (issues 5 and 20): the shipped 2-D
# fortunes seq2seq VAE (GRU, 3,004 words), greedy decoding with T = 20, as whole processes:
# `cartography measure` against BareTextDecoding (this module), a bare ONNX Runtime program that
# greedily decodes the same grid's cell centres (init + step models, one session pair per thread,
# two threads, finished rows dropped from the batch) and does nothing else. The commands run
# alternately, RUNS rounds per grid size; each run's wall time and peak RSS (/usr/bin/time), then
# medians and the ratio. BEFORE=LAUNCHER adds a third command, another build's launcher (e.g. a
# copy of an earlier cli/target/lib run by a script), for before/after figures in the same run.
# Needs: apt-get install -y time. Run from the repository root after mvn -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
M=models/text/fortunes-2d
OUT=${TMPDIR:-/tmp}/cartography-bench
RUNS=${RUNS:-3}
CP="benchmarks/target/classes:cli/target/lib/*"
mkdir -p "$OUT"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for N in ${SIZES:-200 800}; do
  names=("cartography measure ${N}x${N}" "bare ONNX Runtime greedy decoding ${N}x${N}")
  cmds=("./cartography measure --generator text:$M --measure jsd --embeddings $M/z.npy --grid $N --quiet --force --out $OUT/text$N"
        "java -XX:+UseSerialGC -cp '$CP' org.latentcartography.benchmarks.BareTextDecoding $M $N 2 256")
  if [ -n "${BEFORE:-}" ]; then
    names+=("before: cartography measure ${N}x${N}")
    cmds+=("$BEFORE measure --generator text:$M --measure jsd --embeddings $M/z.npy --grid $N --quiet --force --out $OUT/text$N-before")
  fi
  for i in "${!cmds[@]}"; do : > "$OUT/text$N-$i.txt"; done
  for r in $(seq "$RUNS"); do
    for i in "${!cmds[@]}"; do
      /usr/bin/time -f "%e %M" -o "$OUT/time.txt" bash -c "${cmds[$i]}" > "$OUT/stdout.txt"
      read -r wall rss < "$OUT/time.txt"
      echo "$wall $rss" >> "$OUT/text$N-$i.txt"
      printf '%-48s run %d: %7.2f s, peak RSS %4d MB\n' "${names[$i]}" "$r" "$wall" $((rss / 1024))
    done
  done
  med=()
  for i in "${!cmds[@]}"; do
    m=$(sort -n "$OUT/text$N-$i.txt" | awk '{w[NR] = $1} END {print (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2}')
    r=$(sort -n -k2 "$OUT/text$N-$i.txt" | tail -1 | awk '{printf "%d", $2 / 1024}')
    med+=("$m")
    printf '%-48s median %7.2f s over %d runs, largest peak RSS %d MB\n' "${names[$i]}" "$m" "$RUNS" "$r"
  done
  awk -v a="${med[0]}" -v b="${med[1]}" 'BEGIN {printf "measure / bare: %.3f\n", a / b}'
  if [ -n "${BEFORE:-}" ]; then
    awk -v a="${med[0]}" -v c="${med[2]}" 'BEGIN {printf "before / now: %.3f\n", c / a}'
  fi
  grep -o '"seconds": [0-9.]*' "$OUT/text$N/measure.json" | head -1
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
