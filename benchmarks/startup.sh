#!/usr/bin/env bash
# Start-up (issue 20): `cartography --version` and `cartography plugins` as whole processes, with the
# class-data sharing archive (the launcher's default) and without it (CARTOGRAPHY_CDS=off), and a
# bare `java -version` for scale, alternated run by run, medians of the wall and CPU times; also the
# module-path launch (what runs when the plugins folder holds jars: CARTOGRAPHY_LAUNCH=module-path).
# BASE=another checkout, built (e.g. a worktree of main), adds its ./cartography (its launcher, its
# archive); BEFORE_LIB=folder of another build's jars adds that build started with a plain
# `java -p` (no archive); DIST=path/to/distribution adds its bin/cartography.
# Needs: apt-get install -y time. Run from the repository root after mvn -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
./cartography --version >/dev/null # makes the class-data sharing archive if the build is new
sleep 5
CARTOGRAPHY_LAUNCH=module-path ./cartography --version >/dev/null # and the module path's
sleep 5
NAMES=("java -version" "cartography --version" "cartography --version, no CDS" "cartography plugins" "cartography plugins, no CDS"
  "module path: --version" "module path: plugins")
CMDS=("java -XX:+UseSerialGC -version" "./cartography --version" "env CARTOGRAPHY_CDS=off ./cartography --version"
  "./cartography plugins" "env CARTOGRAPHY_CDS=off ./cartography plugins"
  "env CARTOGRAPHY_LAUNCH=module-path ./cartography --version" "env CARTOGRAPHY_LAUNCH=module-path ./cartography plugins")
if [ -n "${BASE:-}" ]; then
  "$BASE/cartography" --version >/dev/null
  sleep 5
  NAMES+=("base: --version" "base: plugins")
  CMDS+=("$BASE/cartography --version" "$BASE/cartography plugins")
fi
if [ -n "${BEFORE_LIB:-}" ]; then
  J="java -XX:+UseSerialGC -Dcartography.home=$PWD -p $BEFORE_LIB -m org.latentcartography.cli/org.latentcartography.cli.Main"
  NAMES+=("before: --version" "before: plugins")
  CMDS+=("$J --version" "$J plugins")
fi
if [ -n "${DIST:-}" ]; then
  "$DIST/bin/cartography" --version >/dev/null
  sleep 5
  NAMES+=("distribution --version" "distribution plugins")
  CMDS+=("$DIST/bin/cartography --version" "$DIST/bin/cartography plugins")
fi
TIMES="$OUT/startup.times"
: > "$TIMES"
for r in $(seq 0 "${RUNS:-20}"); do # run 0 is a warm-up
  for i in "${!CMDS[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -o "$TIMES.tmp" -f "$i $r %e %U %S" ${CMDS[$i]} >/dev/null 2>&1
    cat "$TIMES.tmp" >> "$TIMES"
  done
done
python3 - "$TIMES" "${NAMES[@]}" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for i, name in enumerate(sys.argv[2:]):
    mine = [r for r in rows if r[0] == str(i) and r[1] != "0"]
    wall = statistics.median(float(r[2]) for r in mine)
    cpu = statistics.median(float(r[3]) + float(r[4]) for r in mine)
    print(f"{name:32s} median {wall:.3f} s wall, {cpu:.3f} s CPU ({len(mine)} runs)")
PY
uptime
