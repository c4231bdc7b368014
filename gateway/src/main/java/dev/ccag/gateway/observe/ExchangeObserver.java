package dev.ccag.gateway.observe;

import dev.ccag.gateway.proxy.ExchangeListener;
import dev.ccag.gateway.proxy.ProxyExchange;
import dev.ccag.gateway.proxy.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each finished exchange: the metrics, and one structured access-log line (JSON) with the
 * usage taken from the stream. The line holds ids, counts and timings, never prompt text or keys.
 */
public final class ExchangeObserver implements ExchangeListener {
    private static final Logger access = LoggerFactory.getLogger("ccag.access");
    private final ProxyMetrics metrics;
    private final boolean accessLog;

    public ExchangeObserver(ProxyMetrics metrics, boolean accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    public void completed(ProxyExchange ex) {
        long end = System.nanoTime();
        long total = end - ex.startNanos();
        String model = ex.model() != null ? ex.model().anthropicId() : "none";
        String operation = ex.route().name().toLowerCase(java.util.Locale.ROOT);
        int status = ex.clientAborted() && ex.status() == 0 ? 499 : ex.status();
        metrics.request(operation, model, status, ex.stream(), total);
        long overhead = overheadNanos(ex);
        if (overhead >= 0) metrics.gatewayOverhead(overhead);
        if (ex.stream() && ex.clientFirstByteNanos() > 0) metrics.timeToFirstByte(model, ex.clientFirstByteNanos() - ex.startNanos());
        if (accessLog && access.isInfoEnabled()) {
            access.info(line(ex, operation, model, status, total, overhead));
        }
    }

    /** Gateway time: everything before the Bedrock call, plus Bedrock's first event to our first byte out. */
    static long overheadNanos(ProxyExchange ex) {
        if (ex.upstreamStartNanos() == 0 || ex.upstreamFirstEventNanos() == 0 || ex.clientFirstByteNanos() == 0) {
            return -1;
        }
        return (ex.upstreamStartNanos() - ex.startNanos()) + Math.max(0, ex.clientFirstByteNanos() - ex.upstreamFirstEventNanos());
    }

    private static String line(ProxyExchange ex, String operation, String model, int status, long total, long overhead) {
        Usage u = ex.usage();
        StringBuilder b = new StringBuilder(384).append('{');
        field(b, "request_id", ex.requestId());
        field(b, "operation", operation);
        field(b, "key", ex.principal() != null ? ex.principal().keyDisplay() : null);
        field(b, "model", model);
        field(b, "bedrock_model", ex.model() != null ? ex.model().bedrockModelId() : null);
        field(b, "endpoint", ex.endpoint() != null ? ex.endpoint().name() : null);
        number(b, "status", status);
        b.append("\"stream\":").append(ex.stream()).append(',');
        field(b, "error", ex.errorType());
        b.append("\"client_aborted\":").append(ex.clientAborted()).append(',');
        number(b, "input_tokens", u.inputTokens());
        number(b, "output_tokens", u.outputTokens());
        number(b, "cache_read_tokens", u.cacheReadTokens());
        number(b, "cache_write_5m_tokens", u.cacheWrite5mTokens());
        number(b, "cache_write_1h_tokens", u.cacheWrite1hTokens());
        number(b, "latency_us", total / 1000);
        if (ex.clientFirstByteNanos() > 0) number(b, "ttfb_us", (ex.clientFirstByteNanos() - ex.startNanos()) / 1000);
        if (overhead >= 0) number(b, "overhead_us", overhead / 1000);
        field(b, "session_id", ex.header("x-claude-code-session-id"));
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value == null) return;
        b.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length() && i < 200; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(' ');
            else b.append(c);
        }
        b.append("\",");
    }

    private static void number(StringBuilder b, String name, long value) {
        b.append('"').append(name).append("\":").append(value).append(',');
    }
}
