#!/usr/bin/env python3
"""(SVG clip-path ids, made from the clock, are normalised; JSON key order is ignored; model paths
compared from their "/models/" on, since the checkouts differ.)
Compares two demo output folders: summary.json equal in every number but the seconds, and every
.npy/.png/.svg (and every other file but summary.json) equal byte for byte."""
import json, os, re, sys
a, b = sys.argv[1], sys.argv[2]
bad = 0
def walk(root):
    out = {}
    for d, _, fs in os.walk(root):
        for f in fs:
            p = os.path.join(d, f)
            out[os.path.relpath(p, root)] = p
    return out
fa, fb = walk(a), walk(b)
for k in sorted(set(fa) | set(fb)):
    if k not in fa or k not in fb:
        print("only in one:", k); bad += 1; continue
    if k.endswith(".json"):
        continue
    da, db = open(fa[k], 'rb').read(), open(fb[k], 'rb').read()
    if k.endswith(".svg"):  # JFreeSVG names clip paths after the clock: the only part that differs run to run
        da, db = re.sub(rb"_\d+clip-", b"_clip-", da), re.sub(rb"_\d+clip-", b"_clip-", db)
    if da != db:
        print("differs:", k); bad += 1
def cmp(x, y, path):
    global bad
    if isinstance(x, dict):
        if not isinstance(y, dict) or sorted(x) != sorted(y):
            print("keys differ at", path); bad += 1; return
        for k in x:
            if "seconds" in k:
                continue
            cmp(x[k], y[k], path + "/" + k)
    elif isinstance(x, list):
        if not isinstance(y, list) or len(x) != len(y):
            print("list differs at", path); bad += 1; return
        for i, (u, v) in enumerate(zip(x, y)):
            cmp(u, v, path + "[%d]" % i)
    elif isinstance(x, str) and isinstance(y, str) and "/models/" in x and "/models/" in y:
        # a model's path: the checkout it was run from differs
        if x[x.index("/models/"):] != y[y.index("/models/"):]:
            print("value differs at", path, x, y); bad += 1
    elif x != y:
        print("value differs at", path, x, y); bad += 1
for k in sorted(fa):
    if k.endswith(".json"):
        cmp(json.load(open(fa[k])), json.load(open(fb[k])), k)
print("files compared:", len(fa), "differences:", bad)
sys.exit(1 if bad else 0)
