#!/usr/bin/env bash
# Benchmark of 'cartography compress' (issue 18): 10,000 codes of 32 dimensions near a curved 2-D
# surface, made by a seeded numpy script (u, v uniform on [-1, 1]; the features cos(2u), sin(2u), v
# and u*v mapped into R^32 by a random orthonormal frame, plus Gaussian noise of 0.01), compressed
# with the default settings; the whole process is timed with /usr/bin/time (wall, CPU, peak RSS).
# Run from the repository root after
#   mvn -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
work="${WORK:-$(mktemp -d)}"
/usr/bin/python3 - "$work/bench10k.npy" <<'PY'
import sys
import numpy as np
rng = np.random.RandomState(20261202)
n, dim = 10000, 32
u = rng.uniform(-1, 1, n)
v = rng.uniform(-1, 1, n)
features = np.stack([np.cos(2 * u), np.sin(2 * u), v, u * v], axis=1)
frame, _ = np.linalg.qr(rng.normal(size=(dim, 4)))
z = features @ frame.T + 0.01 * rng.normal(size=(n, dim))
np.save(sys.argv[1], z.astype("<f4"))
PY
uptime
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" \
  ./cartography compress --embeddings "$work/bench10k.npy" --seed 1 --force --out "$work/out" "$@"
