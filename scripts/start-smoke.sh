#!/usr/bin/env bash
# Checks the README's first command the way a new user meets it: `./ccag start` from this checkout
# (building the jars when they are missing), on a free loopback port with a throwaway data directory,
# until it prints the lines to paste and answers its health check. Then stops it. CI runs this first,
# on its fresh clone, so the build-on-first-start path is the one tested.
set -euo pipefail
cd "$(dirname "$0")/.."

# The launcher's heap flags (scripts/gateway-heap.sh): a fixed heap by default and from CCAG_HEAP,
# nothing of its own when the operator's JAVA_TOOL_OPTIONS sizes the heap.
. scripts/gateway-heap.sh
heap_case() { # expected, then the environment to run ccag_heap_opts in
  local expected=$1; shift
  local got; got=$(env -u CCAG_HEAP -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS "$@" \
    bash -c '. scripts/gateway-heap.sh; ccag_heap_opts')
  [ "$got" = "$expected" ] || { echo "start-smoke: heap flags for '$*': got '$got', want '$expected'" >&2; exit 1; }
}
heap_case "-Xms640m -Xmx640m"
heap_case "-Xms2g -Xmx2g" CCAG_HEAP=2g
heap_case "" JAVA_TOOL_OPTIONS=-Xmx1g
heap_case "" JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=50
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data=$(mktemp -d -t ccag-start.XXXXXX)
log="$data/start.log"
CCAG_PORT=$port ./ccag start --server.address=127.0.0.1 --ccag.data-dir="$data" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do
  if grep -q '^ *export ANTHROPIC_API_KEY=sk-ccag-' "$log" \
     && curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; then
    grep -q "export ANTHROPIC_BASE_URL=http://127.0.0.1:$port" "$log" \
      || { echo "start-smoke: the printed ANTHROPIC_BASE_URL does not name port $port" >&2; exit 1; }
    # The gateway is the launcher's exec'd JVM, with the launcher's heap flags on its command line.
    cmdline=$(tr '\0' ' ' < /proc/$pid/cmdline)
    for flag in $(ccag_heap_opts); do
      [[ " $cmdline " == *" $flag "* ]] \
        || { echo "start-smoke: the gateway runs without $flag: $cmdline" >&2; exit 1; }
    done
    echo "start-smoke: ./ccag start answered on port $port and printed the lines to paste"
    exit 0
  fi
  kill -0 $pid 2>/dev/null || { rc=0; wait $pid || rc=$?; echo "start-smoke: ./ccag start exited with status $rc:" >&2; sed 's/sk-ccag-[A-Za-z0-9_-]*/sk-ccag-.../g' "$log" | tail -n 30 >&2; exit 1; }
  sleep 1
done
echo "start-smoke: ./ccag start did not come up in 300 s" >&2
sed 's/sk-ccag-[A-Za-z0-9_-]*/sk-ccag-.../g' "$log" | tail -n 30 >&2
exit 1
