#!/usr/bin/env bash
# Whole-process overhead of `cartography transform` (issue 19: "whole process at 512² within 0.3 s of
# the transform-only time"): a flow transform of the latent-like density (LatentLikeSample) with its
# embeddings and labels (so map.png and embeddings.npy are written too), as a whole process under
# /usr/bin/time; printed per run: report.json's transform seconds, the wall and CPU seconds, and the
# overhead (wall minus transform seconds). BASE=another built checkout (e.g. a copy of main's build)
# runs its ./cartography in the same rounds, alternating; medians at the end, with the load average.
# Needs: apt-get install -y time; mvn -q -DskipTests package (the bench classes are test classes).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-512}"
ROUNDS="${ROUNDS:-6}"
METHOD="${METHOD:-flow}"
WORK="${WORK:-/tmp/transform-process}"
M2="$HOME/.m2/repository"
CP="cartogram-diffusion/target/classes:cartogram-diffusion/target/test-classes:core/target/classes"
CP="$CP:$M2/com/github/wendykierp/JTransforms/3.1/JTransforms-3.1.jar:$M2/pl/edu/icm/JLargeArrays/1.5/JLargeArrays-1.5.jar"
CP="$CP:$M2/org/apache/commons/commons-math3/3.5/commons-math3-3.5.jar"
mkdir -p "$WORK"
java -cp "$CP" org.latentcartography.cartogram.diffusion.bench.LatentLikeSample "$N" "$WORK/in" >/dev/null
NAMES=(this); CMDS=("./cartography")
if [ -n "${BASE:-}" ]; then NAMES+=(base); CMDS+=("$BASE/cartography"); fi
for c in "${CMDS[@]}"; do # class-data sharing archives made before timing
  CARTOGRAPHY_CDS=wait "$c" transform --in "$WORK/in" --method "$METHOD" --out "$WORK/warm" --force --quiet >/dev/null 2>&1
done
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, ${N}² $METHOD with embeddings, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMES="$WORK/times.txt"
: > "$TIMES"
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!CMDS[@]}"; do
    out="$WORK/out-${NAMES[$i]}"
    rm -rf "$out"
    /usr/bin/time -o "$WORK/time.txt" -f "%e %U %S" "${CMDS[$i]}" transform --in "$WORK/in" --method "$METHOD" \
      --embeddings "$WORK/in/z.npy" --labels "$WORK/in/labels.npy" --out "$out" --quiet
    read -r wall user sys < "$WORK/time.txt"
    t=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$out/report.json")
    row=$(awk -v n="${NAMES[$i]}" -v r="$r" -v t="$t" -v w="$wall" -v u="$user" -v s="$sys" \
      'BEGIN { printf "%-5s %d transform %.3f wall %.3f cpu %.3f overhead %.3f", n, r, t, w, u + s, w - t }')
    echo "$row"; echo "$row" >> "$TIMES"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$TIMES" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    rows.setdefault(f[0], []).append((float(f[3]), float(f[5]), float(f[7]), float(f[9])))
for name, v in rows.items():
    med = [statistics.median(x[k] for x in v) for k in range(4)]
    print("median %-5s transform %.3f s, wall %.3f s, cpu %.3f s, overhead (wall - transform) %.3f s" % (name, *med))
PY
