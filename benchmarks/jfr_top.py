"""Summarises `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample` output: samples per
thread, and per thread the top frames (self) and the top project/library frames on the stack."""
import collections
import re
import sys

text = open(sys.argv[1]).read()
events = re.split(r"\njdk\.(?=ExecutionSample|NativeMethodSample)", "\n" + text)
by_thread = collections.Counter()
top = collections.defaultdict(collections.Counter)
ours = collections.defaultdict(collections.Counter)
for ev in events:
    if not ev.strip():
        continue
    kind = ev.split(" ", 1)[0]
    m = re.search(r'sampledThread = "([^"]*)"', ev)
    thread = re.sub(r"-?\d+$", "-N", m.group(1)) if m else "?"
    frames = re.findall(r"^\s+([\w.$<>]+\([^)]*\))\s+line:", ev, re.M)
    if not frames:
        continue
    key = thread + (" [native]" if kind.startswith("Native") else "")
    by_thread[key] += 1
    top[key][frames[0]] += 1
    for f in frames:
        if f.startswith("org.latentcartography."):
            ours[key][f] += 1
            break
total = sum(by_thread.values())
print(f"{total} samples (Java samples every 10-20 ms per running thread; native ones every 20 ms)")
for thread, n in by_thread.most_common(12):
    print(f"\n{thread}: {n} samples ({100 * n / total:.0f}%)")
    for f, c in top[thread].most_common(6):
        print(f"    self   {100 * c / n:5.1f}%  {f}")
    for f, c in ours[thread].most_common(4):
        print(f"    in     {100 * c / n:5.1f}%  {f}")
