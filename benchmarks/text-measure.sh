#!/usr/bin/env bash
# Benchmark of the Jensen-Shannon measure of a text decoder (issues 5 and 20): the shipped 2-D
# fortunes seq2seq VAE (GRU, 3,004 words), greedy decoding with T = 20, as whole processes:
# `cartography measure` against BareTextDecoding (this module), a bare ONNX Runtime program that
# greedily decodes the same grid's cell centres (init + step models, one session pair per thread,
# two threads, finished rows dropped from the batch) and does nothing else. The commands run
# alternately, RUNS rounds per grid size; each run's wall time, CPU time (user + system) and peak
# RSS (/usr/bin/time) and the load average before it, then medians and the ratios (wall and CPU:
# on a shared machine the CPU ratio is the steadier one). BEFORE=LAUNCHER adds a third command, another build's launcher (e.g. a
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
      load=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" bash -c "${cmds[$i]}" > "$OUT/stdout.txt"
      read -r wall rss user sys < "$OUT/time.txt"
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
      echo "$wall $rss $cpu" >> "$OUT/text$N-$i.txt"
      printf '%-48s run %d: %7.2f s, CPU %7.2f s, peak RSS %4d MB, load before %s\n' "${names[$i]}" "$r" "$wall" "$cpu" \
        $((rss / 1024)) "$load"
    done
  done
  med=()
  cmed=()
  median='{w[NR] = $1} END {print (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2}'
  for i in "${!cmds[@]}"; do
    m=$(sort -n "$OUT/text$N-$i.txt" | awk "$median")
    c=$(awk '{print $3}' "$OUT/text$N-$i.txt" | sort -n | awk "$median")
    r=$(sort -n -k2 "$OUT/text$N-$i.txt" | tail -1 | awk '{printf "%d", $2 / 1024}')
    med+=("$m")
    cmed+=("$c")
    printf '%-48s median %7.2f s, CPU %7.2f s over %d runs, largest peak RSS %d MB\n' "${names[$i]}" "$m" "$c" "$RUNS" "$r"
  done
  awk -v a="${med[0]}" -v b="${med[1]}" -v c="${cmed[0]}" -v d="${cmed[1]}" \
    'BEGIN {printf "measure / bare: %.3f (CPU %.3f)\n", a / b, c / d}'
  if [ -n "${BEFORE:-}" ]; then
    awk -v a="${med[0]}" -v b="${med[2]}" -v c="${cmed[0]}" -v d="${cmed[2]}" \
      'BEGIN {printf "before / now: %.3f (CPU %.3f)\n", b / a, d / c}'
  fi
  grep -o '"seconds": [0-9.]*' "$OUT/text$N/measure.json" | head -1
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
