#!/usr/bin/env bash
# bench/run.sh - the CCAG benchmark in one command.
#
#   bench/run.sh [--smoke] [--out FILE] [--no-nginx] [--profile] [--scale X] [--workloads a,b]
#
# Builds what is missing, starts the Bedrock emulator, nginx (a plain reverse proxy, when installed
# or installable) and the gateway as separate processes on loopback, runs the load generator against
# all of them and writes a Markdown report (stdout, or --out FILE). Stops everything it started.
#   --smoke      a short run (a few hundred requests) that fails when any route answers wrongly;
#                no claims about timing. CI runs this.
#   --profile    record the gateway with JFR and append its hottest methods to the report
#   --perf       sample the whole gateway process with Linux perf (kernel, JIT compiler and GC threads
#                included, which JFR does not see) and append its shares by thread, object and symbol
#   --scale X    multiply the full run's request counts and durations
#   --workloads  comma-separated subset: small,stream,claude-code,claude-code-2m,c16,c64,c64-held,c256,streams
#   --client event-loop|threads   the throughput workloads' load generator (default event-loop: selector
#                threads as wrk; threads: a blocking thread per connection, as before session 7)
#   --floor virtual|platform   put the JVM floor proxy (bench's FloorProxy: a thread per connection that
#                only relays bytes) where nginx would be: what a JVM costs before any gateway work
#   --held-wait-ms 50   how long the emulator waits before it answers in c64-held (64 requests in flight
#                at a load every route sustains, for latencies at equal load)
#   --stream-levels 250,500,1000,2000   concurrent paced streams held at each level (streams workload)
#   --stream-deltas 60 / --stream-pace-ms 100 / --stream-hold 10   each stream's deltas, the emulator's
#                pause between them, and the seconds each level is held
#   --quiet-window 0   the warm-up ends when the gateway's JIT compilers used under 3 % of a core over
#                the last rounds spanning this many seconds (0: in the last round alone)
# Environment: JAVA_HOME (a JDK 21+ is found under /usr/lib/jvm otherwise), BENCH_INSTALL_NGINX=0 to
# never apt-get install nginx, GATEWAY_JAVA_OPTS / EMULATOR_JAVA_OPTS for extra JVM flags (the gateway
# starts with ./ccag start's default heap first; CCAG_HEAP changes it, a later -Xmx overrides it).
set -euo pipefail

smoke=false out="" nginx_wanted=true profile=false perf=false extra=() floor=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --out) out=$(realpath -m "$2"); shift ;;
    --no-nginx) nginx_wanted=false ;;
    --profile) profile=true ;;
    --perf) perf=true ;;
    --floor) floor=$2; shift
      case "$floor" in virtual|platform) ;; *) echo "bench: --floor takes virtual or platform" >&2; exit 2 ;; esac ;;
    --scale|--workloads|--held-wait-ms|--stream-levels|--stream-deltas|--stream-pace-ms|--stream-hold|--client|--quiet-window) extra+=("$1=$2"); shift ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
command_line="bench/run.sh"
$smoke && command_line+=" --smoke"
$profile && command_line+=" --profile"
$perf && command_line+=" --perf"
$nginx_wanted || command_line+=" --no-nginx"
[ -n "$floor" ] && command_line+=" --floor $floor"
[ ${#extra[@]} -gt 0 ] && command_line+=" ${extra[*]}"
cd "$(dirname "$0")/.."
ROOT=$(pwd)

java_major() { "$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n1; }
find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return
  fi
  local best="" best_major=0 d m
  for d in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    m=$(java_major "$d/bin/java"); m=${m:-0}
    if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best=$d; best_major=$m; fi
  done
  [ -n "$best" ] || { echo "bench: a JDK 21 or newer is required (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME=$best
}
find_java
JAVA="$JAVA_HOME/bin/java"

jar_of() { ls "$ROOT"/"$1"/target/ccag-"$1"-*-exec.jar 2>/dev/null | head -n1; }
stale() { # a jar is missing, or a source or pom is newer than it
  local m jar
  for m in emulator gateway bench; do
    jar=$(jar_of $m)
    [ -n "$jar" ] || return 0
    [ -z "$(find "$m/src/main" "$m/pom.xml" pom.xml -newer "$jar" -type f 2>/dev/null | head -n1)" ] || return 0
  done
  return 1
}
if stale; then
  echo "bench: building..." >&2
  # package, not install: the reactor hands the gateway and emulator jars to the bench module from
  # their target/ directories, so nothing of this checkout is written into the shared ~/.m2.
  ./mvnw -q -B -DskipTests -pl emulator,gateway,bench -am package
fi
WORK=$(mktemp -d -t ccag-bench.XXXXXX)
# Run copies: a teammate rebuilding a module must not swap a jar under a running JVM.
for m in emulator gateway bench; do cp -p "$(jar_of $m)" "$WORK/$m.jar"; done
# A/B comparisons: BENCH_GATEWAY_JAR=/path/to/other-gateway.jar bench/run.sh ... runs that jar instead;
# BENCH_GATEWAY_B_JAR=/path/to/other-gateway.jar adds it as a fourth route, "gateway-b", in the same run;
# GATEWAY_B_JAVA_OPTS gives gateway-b its own JVM flags (alone: the same jar with other flags).
if [ -n "${BENCH_GATEWAY_JAR:-}" ]; then cp -p "$BENCH_GATEWAY_JAR" "$WORK/gateway.jar"; fi
EMULATOR_JAR=$WORK/emulator.jar GATEWAY_JAR=$WORK/gateway.jar BENCH_JAR=$WORK/bench.jar
revision="checkout $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -n "${BENCH_GATEWAY_JAR:-}" ] && revision="gateway jar $BENCH_GATEWAY_JAR, harness from $revision"
[ -n "${BENCH_GATEWAY_B_JAR:-}" ] && revision+="; gateway-b jar $BENCH_GATEWAY_B_JAR (built $(date -u -r "$BENCH_GATEWAY_B_JAR" +%Y-%m-%dT%H:%M:%SZ))"
[ -n "${GATEWAY_B_JAVA_OPTS:-}" ] && revision+="; gateway-b JVM flags: ${GATEWAY_B_JAVA_OPTS}"
[ -n "$(git status --porcelain -- gateway emulator 2>/dev/null | head -n1)" ] && revision+=" with uncommitted changes in gateway/ or emulator/"
revision+="; gateway jar built $(date -u -r "$GATEWAY_JAR" +%Y-%m-%dT%H:%M:%SZ)"
pids=()
# BENCH_KEEP_LOGS=1 keeps the servers' logs (the gateway's access log among them) for a look afterwards,
# e.g. bench/tools/access-log-split.py DIR/gateway.log
[ "${BENCH_KEEP_LOGS:-0}" = 1 ] && keep_work=true
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${keep_work:-false}" = true ]; then echo "bench: logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # url pid name
  local i
  for i in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "bench: $3 exited during start-up:" >&2; tail -n 30 "$WORK/$3.log" >&2; keep_work=true; exit 1; }
    sleep 0.25
  done
  echo "bench: $3 did not answer $1" >&2; keep_work=true; exit 1
}

ports=$("$JAVA" -jar "$BENCH_JAR" free-ports 4 | tr '\n' ' ')
read -r emu_port nginx_port gw_port gwb_port <<< "$ports"

# --- emulator ---------------------------------------------------------------------------------------
mkdir -p "$WORK/emulator"
# The harness reads back only the newest request; a long log of 2 MB bodies (kept with their JSON
# trees) would only make the emulator's heap and GC, the baseline of every route, heavier.
(cd "$WORK/emulator" && exec "$JAVA" ${EMULATOR_JAVA_OPTS:-} -jar "$EMULATOR_JAR" --server.port="$emu_port" \
  --emulator.request-log-size=4) > "$WORK/emulator.log" 2>&1 &
emu_pid=$!; pids+=("$emu_pid")

# --- nginx (optional) -------------------------------------------------------------------------------
nginx_bin=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
if $nginx_wanted && [ -z "$floor" ] && [ -z "$nginx_bin" ] && [ "${BENCH_INSTALL_NGINX:-1}" != 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bench: installing nginx (Debian package)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null 2>&1; } || true
  nginx_bin=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
fi
nginx_pid=""
if [ -n "$floor" ]; then
  # The JVM floor proxy in nginx's place: the route keeps the name "nginx" in the tables, and the
  # report's header says what stood there.
  "$JAVA" -jar "$BENCH_JAR" floor-proxy "$nginx_port" "$emu_port" "$floor" > "$WORK/nginx.log" 2>&1 &
  nginx_pid=$!; pids+=("$nginx_pid")
  revision+="; the route named nginx is the JVM floor proxy (dev.ccag.bench.FloorProxy, $floor threads), not nginx"
elif $nginx_wanted && [ -n "$nginx_bin" ]; then
  N="$WORK/nginx"; mkdir -p "$N/logs" "$N/tmp"
  user_line=""; [ "$(id -u)" = 0 ] && user_line="user root;"
  cat > "$N/nginx.conf" <<EOF
# A plain reverse proxy: the floor for any proxy in front of the emulator.
$user_line
worker_processes auto;
# Thousands of concurrent streams: two connections each (client and upstream) per worker.
worker_rlimit_nofile 20000;
pid $N/nginx.pid;
error_log $N/logs/error.log warn;
events { worker_connections 10000; }
http {
  access_log off;
  client_body_temp_path $N/tmp/body;
  proxy_temp_path $N/tmp/proxy;
  client_max_body_size 25m;
  client_body_buffer_size 4m;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  upstream emulator {
    server 127.0.0.1:$emu_port;
    keepalive 256;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://emulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_buffering off;
      proxy_read_timeout 600s;
    }
  }
}
EOF
  "$nginx_bin" -p "$N" -c "$N/nginx.conf" -g 'daemon off; master_process on;' > "$WORK/nginx.log" 2>&1 &
  nginx_pid=$!; pids+=("$nginx_pid")
elif $nginx_wanted; then
  echo "bench: nginx is not installed; running without the nginx route" >&2
fi

# --- gateway ----------------------------------------------------------------------------------------
key="sk-ccag-bench-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$WORK/gateway/data"
# The launcher's default heap (./ccag start), then any extra flags (a later -Xmx wins).
. "$ROOT/scripts/gateway-heap.sh"
gw_opts=($(ccag_heap_opts) ${GATEWAY_JAVA_OPTS:-})
# Run from an empty directory with CCAG_CONFIG pointing nowhere, so no operator ccag.yaml leaks in.
start_gateway() { # name jar port [JVM flags...]
  local name=$1 jar=$2 port=$3; shift 3
  mkdir -p "$WORK/$name/data"
  (cd "$WORK/$name" && CCAG_CONFIG="$WORK/$name/none.yaml" exec "$JAVA" "$@" -jar "$jar" \
    --server.address=127.0.0.1 --server.port="$port" \
    --ccag.auth.bootstrap-key="$key" --ccag.data-dir="$WORK/$name/data" --ccag.access-log=true \
    --ccag.bedrock.endpoints[0].name=emulator \
    --ccag.bedrock.endpoints[0].region=us-east-1 \
    --ccag.bedrock.endpoints[0].endpoint-url="http://127.0.0.1:$emu_port" \
    --ccag.bedrock.endpoints[0].credentials.type=static \
    --ccag.bedrock.endpoints[0].credentials.access-key-id=CCAGEMULATORKEY0001 \
    --ccag.bedrock.endpoints[0].credentials.secret-access-key=ccag-emulator-secret-not-a-real-key) \
    > "$WORK/$name.log" 2>&1 &
}
start_gateway gateway "$GATEWAY_JAR" "$gw_port" "${gw_opts[@]}"
gw_pid=$!; pids+=("$gw_pid")
# A/B in one run: a second gateway (another build) as the route "gateway-b", measured in the same
# interleaved rounds as the first, so the machine's drift hits both alike.
# GATEWAY_B_JAVA_OPTS alone runs the same jar with other flags as "gateway-b".
gwb_pid=""
if [ -n "${BENCH_GATEWAY_B_JAR:-}" ] || [ -n "${GATEWAY_B_JAVA_OPTS:-}" ]; then
  cp -p "${BENCH_GATEWAY_B_JAR:-$GATEWAY_JAR}" "$WORK/gateway-b.jar"
  gwb_opts=($(ccag_heap_opts) ${GATEWAY_B_JAVA_OPTS:-${GATEWAY_JAVA_OPTS:-}})
  start_gateway gateway-b "$WORK/gateway-b.jar" "$gwb_port" "${gwb_opts[@]}"
  gwb_pid=$!; pids+=("$gwb_pid")
fi

wait_http "http://127.0.0.1:$emu_port/_emulator/health" "$emu_pid" emulator
[ -n "$nginx_pid" ] && wait_http "http://127.0.0.1:$nginx_port/_emulator/health" "$nginx_pid" nginx  # (the floor proxy relays it too)
wait_http "http://127.0.0.1:$gw_port/actuator/health" "$gw_pid" gateway
[ -n "$gwb_pid" ] && wait_http "http://127.0.0.1:$gwb_port/actuator/health" "$gwb_pid" gateway-b
# Recording starts after start-up, so the profile shows serving, not booting.
$profile && { "$JAVA_HOME/bin/jcmd" "$gw_pid" JFR.start name=bench settings=profile >/dev/null || { echo "bench: could not start JFR" >&2; profile=false; }; }
perf_pid=""
if $perf; then
  if command -v perf >/dev/null 2>&1; then
    # Flat samples (no call graphs), so the gateway runs with its usual flags.
    perf record -q -e cpu-clock -F 499 -p "$gw_pid" -o "$WORK/gateway.perf" >"$WORK/perf.log" 2>&1 &
    perf_pid=$!
  else
    echo "bench: --perf needs Linux perf (Debian: linux-perf); running without it" >&2
    perf=false
  fi
fi

# The load generator must stay the same process through the whole run: it is a plain JVM, JIT-warmed
# by the warm-up like the servers.
report="$WORK/report.md"
args=(run --direct="127.0.0.1:$emu_port" --gateway="127.0.0.1:$gw_port" --key="$key"
      --emulator-pid="$emu_pid" --gateway-pid="$gw_pid" --clock-ticks="$(getconf CLK_TCK)"
      --out="$report" --command="$command_line" --revision="$revision" --gateway-jvm="${gw_opts[*]}" "${extra[@]}")
[ -n "$nginx_pid" ] && args+=(--nginx="127.0.0.1:$nginx_port" --nginx-pid="$nginx_pid")
[ -n "$gwb_pid" ] && args+=(--gateway-b="127.0.0.1:$gwb_port" --gateway-b-pid="$gwb_pid")
$smoke && args+=(--smoke)
status=0
"$JAVA" -jar "$BENCH_JAR" "${args[@]}" || status=$?

if $profile && [ -f "$report" ]; then
  "$JAVA_HOME/bin/jcmd" "$gw_pid" JFR.dump name=bench filename="$WORK/gateway.jfr" >/dev/null
  { printf '\n## Gateway profile (JFR from the end of start-up: warm-up and workloads)\n\n'
    "$JAVA" -jar "$BENCH_JAR" hotspots "$WORK/gateway.jfr" 20; } >> "$report"
  cp "$WORK/gateway.jfr" "$ROOT/bench/target/bench-gateway.jfr"
  echo "bench: gateway recording kept in bench/target/bench-gateway.jfr (jfr print --events jdk.ExecutionSample ...)" >&2
fi

if $perf && [ -n "$perf_pid" ] && [ -f "$report" ]; then
  # The JIT's symbols: the gateway writes /tmp/perf-PID.map on request (JDK 17+), while it still runs.
  "$JAVA_HOME/bin/jcmd" "$gw_pid" Compiler.perfmap >/dev/null 2>&1 || echo "bench: no perf map from the gateway; JIT frames stay unnamed" >&2
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  perf_table() { # heading column sort-key rows
    printf '\n**%s**\n\n| %s | share |\n|---|---:|\n' "$1" "$2"
    perf report -i "$WORK/gateway.perf" --stdio --no-children -g none --sort "$3" 2>/dev/null \
      | grep -v '^#' | grep '%' | head -n "$4" \
      | awk '{ pct = $1; $1 = ""; sub(/^ +/, ""); gsub(/\|/, "\\|"); printf "| `%s` | %s |\n", $0, pct }' \
      || true # head closing the pipe early is not a failure
  }
  { printf '\n## Gateway profile (perf: the whole process from the end of start-up, kernel included)\n\n'
    printf 'Samples of CPU time at 499 Hz (`perf record -e cpu-clock -p GATEWAY`), warm-up and workloads. `[k]` marks kernel code.\n'
    perf_table "By thread (the kernel cuts names to 15 characters)" thread comm 15
    perf_table "By object (JIT code is the perf map's)" object dso 8
    perf_table "Hottest symbols (self time)" symbol sym 30; } >> "$report"
  cp "$WORK/gateway.perf" "$ROOT/bench/target/bench-gateway.perf"
  echo "bench: gateway perf data kept in bench/target/bench-gateway.perf (perf report -i ...; the JIT map is /tmp/perf-$gw_pid.map)" >&2
fi

if [ -f "$report" ]; then
  if [ -n "$out" ]; then cp "$report" "$out"; echo "bench: report written to $out" >&2; else cat "$report"; fi
fi
if [ "$status" != 0 ]; then
  keep_work=true
  echo "bench: FAILED (exit $status); gateway log: $WORK/gateway.log" >&2
fi
exit "$status"
