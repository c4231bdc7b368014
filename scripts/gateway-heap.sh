# Sourced by ./ccag and bench/run.sh: the gateway's default heap, in one place.
#
# The gateway bounds the request bodies it holds at once (ccag.proxy.max-body-memory, 256 MB by
# default), so its heap can be fixed: about twice that bound plus room for everything else. A fixed
# maximum also keeps resident memory steady, where the JVM's default (a quarter of the machine's
# memory) lets G1 keep whatever it grew to. See docs/decisions/0008-bounded-body-memory.md.
#
# CCAG_HEAP overrides the size (e.g. CCAG_HEAP=2g together with CCAG_PROXY_MAX_BODY_MEMORY=900MB);
# a -Xmx or -XX:MaxRAMPercentage already in JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS is left alone.
ccag_heap_opts() {
  if [ -n "${CCAG_HEAP:-}" ]; then
    echo "-Xmx${CCAG_HEAP}"
  elif [[ "${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-}" =~ -Xmx|MaxRAM|MaxHeapSize ]]; then
    echo ""
  else
    echo "-Xmx640m"
  fi
}
