#!/usr/bin/env python3
"""What ran on the cores while the load generator waited for its slow requests.

    perf sched record -a -o sched.data -- sleep 6      # while a concurrency-1 workload runs
    perf sched timehist -i sched.data > timehist.txt
    bench/tools/sched-waits.py timehist.txt [MIN_WAIT_MS] [--each]

At concurrency 1 the load generator's thread (bench-gateway-0, bench-direct-0, bench-nginx-0) sleeps
for exactly one request each time it blocks, so its "wait time" in perf's timehist is that request's
latency. For every wait over MIN_WAIT_MS (default 4) this sums, by thread name, the run time of
everything that ran on either core meanwhile (<idle> included), and prints the totals per route:
what the slow requests were waiting behind (session 13 found the kernel's kdamond there).
--each also prints every slow request.
"""
import collections
import re
import sys


def parse(path):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f.readlines()[3:]:
            p = line.split()
            if len(p) < 6:
                continue
            try:
                t, run, sch, wait = float(p[0]), float(p[-1]) / 1e3, float(p[-2]) / 1e3, float(p[-3]) / 1e3
            except ValueError:
                continue
            name = re.sub(r"\[.*", "", " ".join(p[2:-3]))  # "bench-gateway-0[123/45]" -> "bench-gateway-0"
            rows.append((t, name, wait, sch, run))
    return rows


def ran_during(rows, start, end):
    by = collections.Counter()
    for t, name, _, _, run in rows:
        overlap = min(t, end) - max(t - run, start)
        if overlap > 0:
            by[name] += overlap * 1e3
    return by


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    each = "--each" in sys.argv
    min_wait = (float(args[1]) if len(args) > 1 else 4.0) / 1e3
    rows = parse(args[0])
    if not rows:
        sys.exit("no timehist rows in " + args[0])
    span = rows[-1][0] - rows[0][0]
    print(f"window {span:.2f} s")
    for prefix in ("bench-direct", "bench-nginx", "bench-gateway"):
        mine = [r for r in rows if r[1].startswith(prefix)]
        if not mine:
            continue
        slow = [r for r in mine if r[2] > min_wait]
        total = collections.Counter()
        for t, _, wait, sch, run in slow:
            end = t - run - sch  # woken here
            by = ran_during(rows, end - wait, end)
            total.update(by)
            if each:
                print(f"  {prefix} {t:.3f} waited {wait * 1e3:.1f} ms: "
                      + ", ".join(f"{k} {v:.1f}" for k, v in by.most_common(5)))
        waited = sum(r[2] for r in slow) * 1e3
        print(f"{prefix}: {len(slow)} of {len(mine)} waits over {min_wait * 1e3:g} ms, {waited:.0f} ms in all; ran meanwhile (ms):")
        for name, ms in total.most_common(8):
            print(f"    {name:<24} {ms:8.1f}")


if __name__ == "__main__":
    main()
