#!/usr/bin/env bash
# bench/tools/ab.sh - an A/B of two gateway builds or flag sets at concurrency 64, repeated.
#
#   bench/tools/ab.sh RUNS JAR_A JAR_B [OPTS_A] [OPTS_B]
#
# Runs `bench/run.sh --workloads c64 --scale ${SCALE:-0.4} --no-nginx` RUNS times with both builds in
# the same interleaved rounds, swapping which one is the route "gateway" every run, and prints each
# run's requests/s and gateway CPU per request for A and for B (with, in brackets, the part of it
# the gateway's JIT compilers took). This machine's speed drifts by 10-20 %
# between runs and one run can mislead (BENCHMARKS.md, session 12); read the runs together.
# JAR_A and JAR_B may be the same jar with different JVM flags (OPTS_A, OPTS_B).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
runs=$1 jar_a=$(realpath "$2") jar_b=$(realpath "$3") opts_a=${4:-} opts_b=${5:-}
cd "$(dirname "$0")/../.."
out=$(mktemp -d -t ccag-ab.XXXXXX)
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) = 1 ]; then first=A; j1=$jar_a o1=$opts_a j2=$jar_b o2=$opts_b; else first=B; j1=$jar_b o1=$opts_b j2=$jar_a o2=$opts_a; fi
  BENCH_GATEWAY_JAR=$j1 BENCH_GATEWAY_B_JAR=$j2 GATEWAY_JAVA_OPTS="$o1" GATEWAY_B_JAVA_OPTS="$o2 " \
    bench/run.sh --workloads c64 --scale "${SCALE:-0.4}" --no-nginx --out "$out/run-$i.md" > "$out/run-$i.log" 2>&1
  rate() { grep "^| $1 |" "$out/run-$i.md" | head -n1 | awk -F'|' '{gsub(/ /,"",$3); print $3}'; }
  # cpu ROUTE COLUMN-HEADER: that cell of the workload's CPU table
  cpu() { grep -A6 'CPU time per request' "$out/run-$i.md" | awk -F'|' -v r="$1" -v h="$2" '
    /^\| route \|/ { for (k = 2; k < NF; k++) { x = $k; gsub(/^ +| +$/, "", x); if (x == h) c = k } }
    { x = $2; gsub(/ /, "", x); if (x == r && c) { y = $c; gsub(/ /, "", y); print y; exit } }'; }
  g="$(rate gateway)/s $(cpu gateway 'gateway CPU ms/request') ms (JIT $(cpu gateway 'of which gateway JIT compilers'))"
  gb="$(rate gateway-b)/s $(cpu gateway-b 'gateway-b CPU ms/request') ms (JIT $(cpu gateway-b 'of which gateway-b JIT compilers'))"
  if [ "$first" = A ]; then echo "run $i: A $g   B $gb"; else echo "run $i: A $gb   B $g"; fi
done
echo "reports: $out"
