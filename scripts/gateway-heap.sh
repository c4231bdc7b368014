# Sourced by ./ccag and bench/run.sh: the gateway's default heap, in one place.
#
# The gateway bounds the request bodies it holds at once (ccag.proxy.max-body-memory, 256 MB by
# default), so its heap can be fixed: about twice that bound plus room for everything else. A fixed
# maximum also keeps resident memory steady, where the JVM's default (a quarter of the machine's
# memory) lets G1 keep whatever it grew to. See docs/decisions/0008-bounded-body-memory.md.
#
# The minimum heap is the maximum (-Xms = -Xmx). The gateway's live set is small (about 40 MB), and
# without a minimum G1 shrinks the heap to about three times that at each concurrent cycle's Remark
# (MaxHeapFreeRatio); its young generation is then 70 MB, which 150 KB Claude Code bodies fill every
# 0.3-0.4 s, so young pauses of 5-12 ms and back-to-back concurrent cycles hit 1 % of such requests.
# With the whole heap from the start the pauses come three to five times less often, which halves the
# 150 KB body's added p99 (BENCHMARKS.md, session 8). The price is resident memory at idle (about
# 480 MiB instead of 275); under load the heap fills to its maximum either way.
#
# CCAG_HEAP overrides the size of both (e.g. CCAG_HEAP=2g together with CCAG_PROXY_MAX_BODY_MEMORY=900MB);
# a -Xmx or -XX:MaxRAMPercentage already in JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS is left alone (and
# with it the JVM's own minimum, unless those options set -Xms too).
ccag_heap_opts() {
  if [ -n "${CCAG_HEAP:-}" ]; then
    echo "-Xms${CCAG_HEAP} -Xmx${CCAG_HEAP}"
  elif [[ "${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-}" =~ -Xmx|MaxRAM|MaxHeapSize ]]; then
    echo ""
  else
    echo "-Xms640m -Xmx640m"
  fi
}
