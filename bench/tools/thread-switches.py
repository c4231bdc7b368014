#!/usr/bin/env python3
"""Per-thread CPU and context switches of a running JVM over an interval (a diagnostic for BENCHMARKS.md).

Usage: bench/tools/thread-switches.py PID SECONDS [REQUESTS]

Reads /proc/PID/task/*/stat (CPU ticks) and /proc/PID/task/*/status (voluntary and involuntary
context switches) at the start and the end of the interval, names the threads with
`jcmd PID Thread.print` (digits folded, so a pool's threads are summed as one line) and prints the
busiest names by voluntary switches. With REQUESTS (how many requests the process served in the
interval, e.g. counted from its access log) it also prints switches per request.
Linux only; jcmd is taken from JAVA_HOME, else from PATH.
"""
import collections
import os
import re
import subprocess
import sys
import time


def thread_names(pid):
    java_home = os.environ.get("JAVA_HOME")
    jcmd = os.path.join(java_home, "bin", "jcmd") if java_home else "jcmd"
    out = subprocess.run([jcmd, pid, "Thread.print"], capture_output=True, text=True).stdout
    return {m.group(2): m.group(1) for m in re.finditer(r'^"([^"]+)".*?nid=(\d+)', out, re.M)}


def snapshot(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            fields = stat[stat.rindex(")") + 2:].split()
            voluntary = involuntary = 0
            for line in open(f"/proc/{pid}/task/{tid}/status"):
                if line.startswith("voluntary_ctxt_switches"):
                    voluntary = int(line.split()[1])
                elif line.startswith("nonvoluntary_ctxt_switches"):
                    involuntary = int(line.split()[1])
            threads[tid] = (int(fields[11]) + int(fields[12]), voluntary, involuntary)
        except OSError:
            pass  # the thread ended meanwhile
    return threads


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pid, seconds = sys.argv[1], float(sys.argv[2])
    requests = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    names = thread_names(pid)
    before = snapshot(pid)
    time.sleep(seconds)
    after = snapshot(pid)
    totals = collections.defaultdict(lambda: [0, 0, 0])
    for tid, now in after.items():
        then = before.get(tid, (0, 0, 0))
        name = re.sub(r"\d+", "#", names.get(tid, "(started during the interval)"))
        for i in range(3):
            totals[name][i] += now[i] - then[i]
    print(f"{'CPU ticks':>9} {'voluntary':>10} {'involuntary':>11}" + (f" {'vol./request':>12}" if requests else "") + "  thread")
    for name, (ticks, voluntary, involuntary) in sorted(totals.items(), key=lambda kv: -kv[1][1])[:15]:
        per = f" {voluntary / requests:12.2f}" if requests else ""
        print(f"{ticks:9d} {voluntary:10d} {involuntary:11d}{per}  {name}")


if __name__ == "__main__":
    main()
