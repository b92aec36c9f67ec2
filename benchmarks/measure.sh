#!/usr/bin/env bash
# Benchmark of the grid evaluation (issues 2 and 20): for each shipped MNIST decoder and grid size,
# the whole `cartography measure` process (Riemannian measure) against a bare ONNX Runtime program
# evaluating the same number of points (BareOnnxInference), alternated run by run (measure, bare,
# measure, bare, ...: a change of the machine's load hits both), medians of the wall time and of the
# CPU time (user + system); then the peak RSS of a 2048x2048 measure with /usr/bin/time -v.
# Needs: apt-get install -y time. Run from the repository root after mvn -q -DskipTests package.
# Settings: MODELS (default: vae-relu vae-softplus vae-tanh ae-relu), SIZES (default: 800 2048),
# RUNS (default 5; 2048x2048 runs take about a minute each), WARMUP=1 skips the warm-up round (when
# the page cache and the archives are warm already), RSS=0 skips the peak-RSS run,
# BASE=another checkout, built (e.g. a worktree of main), adds its ./cartography measure to each round
# (and checks that its measure.npy is the same, byte for byte).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${TMPDIR:-/tmp}/cartography-bench
mkdir -p "$OUT"
CP="benchmarks/target/classes:cli/target/lib/*"
./cartography --version >/dev/null # makes the class-data sharing archive if the build is new
sleep 5
for model in ${MODELS:-vae-relu vae-softplus vae-tanh ae-relu}; do
  M=models/mnist/$model
  for N in ${SIZES:-800 2048}; do
    TIMES="$OUT/measure-$model-$N.times"
    : > "$TIMES"
    for r in $(seq "${WARMUP:-0}" "${RUNS:-5}"); do # run 0 is a warm-up (page cache, CDS archive), not counted
      /usr/bin/time -o "$TIMES.tmp" -f "measure $r %e %U %S" ./cartography measure --generator "onnx:$M/decoder.onnx" \
        --measure riemannian --embeddings "$M/z.npy" --grid "$N" --quiet --force --out "$OUT/m-$model-$N" >/dev/null
      cat "$TIMES.tmp" >> "$TIMES"
      if [ -n "${BASE:-}" ]; then
        /usr/bin/time -o "$TIMES.tmp" -f "base $r %e %U %S" "$BASE/cartography" measure --generator "onnx:$M/decoder.onnx" \
          --measure riemannian --embeddings "$M/z.npy" --grid "$N" --quiet --force --out "$OUT/b-$model-$N" >/dev/null
        cat "$TIMES.tmp" >> "$TIMES"
        cmp "$OUT/m-$model-$N/measure.npy" "$OUT/b-$model-$N/measure.npy" || echo "$model $N: measure.npy differs from BASE's"
      fi
      /usr/bin/time -o "$TIMES.tmp" -f "bare $r %e %U %S" java -XX:+UseSerialGC -cp "$CP" \
        org.latentcartography.benchmarks.BareOnnxInference "$M/decoder.onnx" "$N" 2 4096 >/dev/null
      cat "$TIMES.tmp" >> "$TIMES"
    done
    python3 - "$TIMES" "$model" "$N" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def med(kind, f):
    return statistics.median(f(r) for r in rows if r[0] == kind and r[1] != "0")
kinds = [k for k in ("measure", "base", "bare") if any(r[0] == k for r in rows)]
wall = {k: med(k, lambda r: float(r[2])) for k in kinds}
cpu = {k: med(k, lambda r: float(r[3]) + float(r[4])) for k in kinds}
line = (f"{sys.argv[2]} {sys.argv[3]}x{sys.argv[3]}: measure {wall['measure']:.2f} s wall, {cpu['measure']:.2f} s CPU; "
        f"bare {wall['bare']:.2f} s wall, {cpu['bare']:.2f} s CPU; ratio wall {wall['measure'] / wall['bare']:.3f}, "
        f"CPU {cpu['measure'] / cpu['bare']:.3f}")
if "base" in kinds:
    line += (f"; base {wall['base']:.2f} s wall, {cpu['base']:.2f} s CPU, ratio wall {wall['base'] / wall['bare']:.3f}, "
             f"CPU {cpu['base'] / cpu['bare']:.3f}")
print(line + f" (medians of {sum(1 for r in rows if r[0] == 'bare' and r[1] != '0')} alternating runs)")
PY
  done
done
uptime
if [ "${RSS:-1}" != 0 ]; then
  M=models/mnist/vae-softplus
  /usr/bin/time -v ./cartography measure --generator onnx:$M/decoder.onnx --measure riemannian --embeddings $M/z.npy \
    --grid 2048 --quiet --force --out "$OUT/m2048" 2>&1 | grep -E "Maximum resident|Elapsed \(wall"
fi
