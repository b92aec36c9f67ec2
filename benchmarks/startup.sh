#!/usr/bin/env bash
# Start-up (issue 20): `cartography --version` and `cartography plugins` as whole processes, with the
# class-data sharing archive (the launcher's default) and without it (CARTOGRAPHY_CDS=off), and a
# bare `java -version` for scale, alternated by hyperfine, medians. DIST=path/to/distribution adds
# its bin/cartography (mvn package -Pdist makes one in distribution/target/cartography).
# Needs: apt-get install -y hyperfine. Run from the repository root after mvn -q -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
./cartography --version >/dev/null # makes the class-data sharing archive if the build is new
sleep 5
ARGS=(-n "java -version" "java -XX:+UseSerialGC -Xshare:auto -version"
  -n "cartography --version" "./cartography --version"
  -n "cartography --version (no CDS)" "env CARTOGRAPHY_CDS=off ./cartography --version"
  -n "cartography plugins" "./cartography plugins"
  -n "cartography plugins (no CDS)" "env CARTOGRAPHY_CDS=off ./cartography plugins")
if [ -n "${DIST:-}" ]; then
  "$DIST/bin/cartography" --version >/dev/null
  sleep 5
  ARGS+=(-n "distribution --version" "$DIST/bin/cartography --version" -n "distribution plugins" "$DIST/bin/cartography plugins")
fi
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --export-json "$OUT/startup.json" "${ARGS[@]}" >/dev/null
python3 - "$OUT/startup.json" <<'PY'
import json, statistics, sys
for x in json.load(open(sys.argv[1]))["results"]:
    print(f"{x['command']:34s} median {statistics.median(x['times']):.3f} s  (min {min(x['times']):.3f}, user {x['user']:.3f} s, system {x['system']:.3f} s)")
PY
uptime
