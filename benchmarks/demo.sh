#!/usr/bin/env bash
# The demos as whole processes (issue 20): `cartography demo` (MNIST study, 800x800) RUNS times
# under /usr/bin/time -v (wall, CPU, peak RSS; medians), with the stages' seconds from summary.json.
# BEFORE=path/to/another/checkout (built) alternates its ./cartography demo with this one, run by
# run; TEXT=1 adds `demo text`.
# Needs: apt-get install -y time. Run from the repository root after mvn -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
./cartography --version >/dev/null # makes the class-data sharing archive if the build is new
sleep 5
NAMES=("demo")
CMDS=("./cartography demo --out $OUT/demo")
if [ -n "${BEFORE:-}" ]; then
  NAMES+=("demo ($BEFORE)")
  CMDS+=("$BEFORE/cartography demo --out $OUT/demo-before")
fi
if [ "${TEXT:-0}" = 1 ]; then
  NAMES+=("demo text")
  CMDS+=("./cartography demo text --out $OUT/demo-text")
fi
TIMES="$OUT/demo.times"
: > "$TIMES"
for r in $(seq 1 "${RUNS:-3}"); do
  for i in "${!CMDS[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -o "$TIMES.tmp" -f "$i $r %e %U %S %M" ${CMDS[$i]} >/dev/null 2>&1
    cat "$TIMES.tmp" >> "$TIMES"
  done
done
python3 - "$TIMES" "${NAMES[@]}" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for i, name in enumerate(sys.argv[2:]):
    mine = [r for r in rows if r[0] == str(i)]
    print(f"{name}: median {statistics.median(float(r[2]) for r in mine):.1f} s wall, "
          f"{statistics.median(float(r[3]) + float(r[4]) for r in mine):.1f} s CPU, "
          f"peak RSS {max(int(r[5]) for r in mine) / 1024:.0f} MB ({len(mine)} runs)")
PY
python3 - "$OUT/demo/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
models = [k for k, v in s.items() if isinstance(v, dict) and "measure_seconds" in v]
for k in ("measure_seconds", "transform_seconds", "analysis_seconds"):
    print(f"{k}: " + ", ".join(f"{m} {s[m][k]:.1f}" for m in models) + f"; sum {sum(s[m][k] for m in models):.1f} s")
print(f"classifier study {s.get('classifier', {}).get('seconds', 0):.1f} s, bad data {s.get('bad_data', {}).get('seconds', 0):.1f} s, "
      f"total {s['total_seconds']:.1f} s (the stages overlap: their sum exceeds the total)")
PY
uptime
