#!/usr/bin/env bash
# Side-by-side benchmark of `cartography transform` (diffusion and flow) against a reference
# cartogram program with the text interface of Newman's `cart` (issue 19):
#   CART XSIZE YSIZE DENSITY_IN POINTS_OUT
# reading YSIZE lines of XSIZE densities and writing (XSIZE+1)(YSIZE+1) lines "x y" (y outer), and
# printing "cart_seconds S" on standard error (its transform time). Build it yourself outside this
# repository and pass its path in CART; nothing of it is part of this project.
#
# Both run on the latent-like density of docs/benchmarks/cartogram.md (CartReference writes cart's
# input, LatentLikeSample the measure folder), in ROUNDS alternating rounds per size (cart, then
# each method), each a fresh process under /usr/bin/time -v. Printed per run: transform seconds
# (cart's own figure; the project's from report.json), whole-process wall seconds, whole-process
# CPU seconds (user + system, all threads: on an oversubscribed machine the least noisy), peak RSS, and
# mean / max area error and folded cells (cart's output scored by CartReference as report.json
# scores ours). Medians per size and program at the end.
#
# Run from the repository root after
#   mvn -q -DskipTests package && mvn -q -DskipTests test-compile -pl core,cartogram-diffusion -am
#   CART=/tmp/cart/cart SIZES="256 512 1024 2048" ROUNDS=3 bash benchmarks/cartogram-vs-cart.sh
# Optional: METHODS="diffusion flow", THREADS=2, WORK=/tmp/cart-bench, CARTOGRAPHY_JAVA_OPTS (heap
# for `cartography`, e.g. -Xmx4g).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CART:?set CART to the reference program}"
SIZES="${SIZES:-256 512 1024 2048}"
ROUNDS="${ROUNDS:-3}"
METHODS="${METHODS:-diffusion flow}"
THREADS="${THREADS:-2}"
WORK="${WORK:-/tmp/cart-bench}"
M2="$HOME/.m2/repository"
CP="cartogram-diffusion/target/classes:cartogram-diffusion/target/test-classes:core/target/classes"
CP="$CP:$M2/com/github/wendykierp/JTransforms/3.1/JTransforms-3.1.jar:$M2/pl/edu/icm/JLargeArrays/1.5/JLargeArrays-1.5.jar"
CP="$CP:$M2/org/apache/commons/commons-math3/3.5/commons-math3-3.5.jar"
BENCH=org.latentcartography.cartogram.diffusion.bench
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %5s %5s %9s %9s %9s %9s %10s %10s %7s\n' program size round transf_s wall_s cpu_s rss_MB mean_err max_err folded
field() { # name file: the value after "name:" in /usr/bin/time -v output
  grep -F "$1" "$2" | head -1 | sed 's/.*: //'
}
cpu_seconds() { # file: user + system seconds
  awk -v u="$(field 'User time' "$1")" -v s="$(field 'System time' "$1")" 'BEGIN { printf "%.2f", u + s }'
}
wall_seconds() { # h:mm:ss or m:ss.cc
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<< "$1"
}
for n in $SIZES; do
  dir="$WORK/$n"
  mkdir -p "$dir"
  java -cp "$CP" "$BENCH.CartReference" input "$n" "$dir/density.txt"
  java -cp "$CP" "$BENCH.LatentLikeSample" "$n" "$dir/measure"
  for round in $(seq 1 "$ROUNDS"); do
    /usr/bin/time -v "$CART" "$n" "$n" "$dir/density.txt" "$dir/cart.out" 2> "$dir/cart.time"
    err=$(java -cp "$CP" "$BENCH.CartReference" error "$n" "$dir/cart.out")
    row=$(printf '%-10s %5d %5d %9.2f %9.2f %9.2f %9.0f %10s %10s %7s' cart "$n" "$round" \
      "$(grep cart_seconds "$dir/cart.time" | cut -d' ' -f2)" \
      "$(wall_seconds "$(field 'Elapsed (wall clock)' "$dir/cart.time")")" "$(cpu_seconds "$dir/cart.time")" \
      "$(( $(field 'Maximum resident set size' "$dir/cart.time") / 1024 ))" \
      "$(awk '{print $2}' <<< "$err")" "$(awk '{print $4}' <<< "$err")" "$(awk '{print $6}' <<< "$err")")
    echo "$row"; echo "$row" >> "$RESULTS"
    for m in $METHODS; do
      out="$dir/$m"
      rm -rf "$out"
      JAVA_OPTS="${CARTOGRAPHY_JAVA_OPTS:-}" /usr/bin/time -v ./cartography transform --in "$dir/measure" \
        --method "$m,threads=$THREADS" --out "$out" > "$dir/$m.log" 2> "$dir/$m.time"
      row=$(python3 - "$out/report.json" "$n" "$round" "$m" \
        "$(wall_seconds "$(field 'Elapsed (wall clock)' "$dir/$m.time")")" "$(cpu_seconds "$dir/$m.time")" \
        "$(( $(field 'Maximum resident set size' "$dir/$m.time") / 1024 ))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
mean = r["mean_area_error"]
mx = r["max_area_error"]
folded = r["folded_cells"]
print("%-10s %5d %5d %9.2f %9.2f %9.2f %9.0f %9.4f%% %9.3f%% %7d" % (sys.argv[4], int(sys.argv[2]), int(sys.argv[3]),
      r["seconds"], float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), 100 * mean, 100 * mx, folded))
PY
)
      echo "$row"; echo "$row" >> "$RESULTS"
    done
  done
done
echo "# medians: program size transform_s wall_s cpu_s rss_MB mean_err max_err"
python3 - "$RESULTS" <<'PY'
import statistics, sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    p = line.split()
    rows[(p[0], int(p[1]))].append(p)
for (prog, n), rs in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    med = lambda i: statistics.median(float(r[i]) for r in rs)
    print("%-10s %5d %9.2f %9.2f %9.2f %9.0f %10s %10s" % (prog, n, med(3), med(4), med(5), med(6), rs[0][7], rs[0][8]))
PY
echo "# end $(date -u '+%H:%M UTC'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
