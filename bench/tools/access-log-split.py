#!/usr/bin/env python3
"""Where a request's time goes, from the gateway's access log (ccag.access lines).

    bench/tools/access-log-split.py GATEWAY_LOG [SKIP]

Prints percentiles of the times the gateway measures itself: latency_us (from the proxy filter's
entry to the answer written, the Bedrock call included), overhead_us (the gateway's own work, the
Bedrock call excluded) and the Bedrock leg (latency minus overhead). Set beside the load generator's
percentiles for the same requests, they show how much of the client's latency passes inside the
proxy filter and how much outside it (the server's accept, dispatch and write path, and the client).
SKIP drops the first SKIP lines (the warm-up). Keep the log with BENCH_KEEP_LOGS=1 bench/run.sh ...
"""
import json
import math
import re
import sys


def pct(values, q):
    if not values:
        return 0
    values = sorted(values)
    rank = min(max(1, math.ceil(q * len(values))), len(values))  # nearest rank, as the harness's Samples.at
    return values[rank - 1]


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    skip = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    latency, overhead, leg = [], [], []
    seen = 0
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        for line in f:
            if "ccag.access" not in line:
                continue
            seen += 1
            if seen <= skip:
                continue
            m = re.search(r"\{.*\}", line)
            if not m:
                continue
            d = json.loads(m.group(0))
            if "latency_us" not in d or "overhead_us" not in d:
                continue
            latency.append(d["latency_us"])
            overhead.append(d["overhead_us"])
            leg.append(d["latency_us"] - d["overhead_us"])
    print(f"{len(latency)} requests (after skipping {min(skip, seen)})")
    print("| figure (ms) | p50 | p90 | p99 | p99.9 |")
    print("|---|---:|---:|---:|---:|")
    for name, v in (("inside the proxy filter (latency_us)", latency), ("the gateway's own work (overhead_us)", overhead),
                    ("the Bedrock leg (latency - overhead)", leg)):
        print(f"| {name} | " + " | ".join(f"{pct(v, q) / 1000:.3f}" for q in (0.5, 0.9, 0.99, 0.999)) + " |")


if __name__ == "__main__":
    main()
