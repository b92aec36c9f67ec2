#!/usr/bin/env bash
# The demos as whole processes (issue 20): `cartography demo` (MNIST study, 800x800) RUNS times
# (hyperfine, median), then once under /usr/bin/time -v for the peak RSS and CPU time, with the
# stages' seconds from summary.json. BEFORE=path/to/another/checkout adds its ./cartography demo,
# alternated with this one (e.g. a worktree of main, built). TEXT=1 adds `demo text`.
# Needs: apt-get install -y hyperfine time. Run from the repository root after mvn -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
./cartography --version >/dev/null # makes the class-data sharing archive if the build is new
sleep 5
ARGS=(-n "cartography demo" "./cartography demo --out $OUT/demo")
if [ -n "${BEFORE:-}" ]; then
  ARGS+=(-n "cartography demo ($BEFORE)" "$BEFORE/cartography demo --out $OUT/demo-before")
fi
if [ "${TEXT:-0}" = 1 ]; then
  ARGS+=(-n "cartography demo text" "./cartography demo text --out $OUT/demo-text")
fi
hyperfine --runs "${RUNS:-3}" --export-json "$OUT/demo.json" "${ARGS[@]}"
/usr/bin/time -v ./cartography demo --out "$OUT/demo" 2>"$OUT/demo.time" >/dev/null
grep -E "^demo:|User time|System time|Elapsed \(wall|Maximum resident" "$OUT/demo.time"
python3 - "$OUT/demo/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
models = [k for k, v in s.items() if isinstance(v, dict) and "measure_seconds" in v]
for k in ("measure_seconds", "transform_seconds", "analysis_seconds"):
    print(f"{k}: " + ", ".join(f"{m} {s[m][k]:.1f}" for m in models) + f"; sum {sum(s[m][k] for m in models):.1f} s")
print(f"classifier study {s.get('classifier', {}).get('seconds', 0):.1f} s, bad data {s.get('bad_data', {}).get('seconds', 0):.1f} s, "
      f"total {s['total_seconds']:.1f} s (stages overlap: the sum of the stages exceeds the total)")
PY
uptime
