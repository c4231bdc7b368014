package dev.ccag.gateway.usage;

/** CSV lines of the usage export (RFC 4180 quoting). */
final class UsageCsv {
    static final String HEADER = "request_id,occurred_at,key_id,user_id,team_id,requested_model,model,bedrock_model,endpoint,status,"
            + "streaming,client_aborted,input_tokens,output_tokens,cache_read_tokens,cache_write_5m_tokens,cache_write_1h_tokens,"
            + "web_search_requests,cost_micros,latency_ms,ttfb_ms,session_id,agent_id\r\n";

    private UsageCsv() {}

    static String line(UsageRecord r) {
        StringBuilder b = new StringBuilder(256);
        text(b, r.requestId()).append(',').append(r.occurredAt()).append(',');
        text(b, r.keyId()).append(',');
        text(b, r.userId()).append(',');
        text(b, r.teamId()).append(',');
        text(b, r.requestedModel()).append(',');
        text(b, r.model()).append(',');
        text(b, r.bedrockModel()).append(',');
        text(b, r.endpoint()).append(',');
        b.append(r.status()).append(',').append(r.streaming()).append(',').append(r.clientAborted()).append(',')
                .append(r.inputTokens()).append(',').append(r.outputTokens()).append(',').append(r.cacheReadTokens()).append(',')
                .append(r.cacheWrite5mTokens()).append(',').append(r.cacheWrite1hTokens()).append(',').append(r.webSearchRequests())
                .append(',').append(r.costMicros()).append(',').append(r.latencyMs() == null ? "" : r.latencyMs()).append(',')
                .append(r.ttfbMs() == null ? "" : r.ttfbMs()).append(',');
        text(b, r.sessionId()).append(',');
        text(b, r.agentId());
        return b.append("\r\n").toString();
    }

    /** Quotes when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
    private static StringBuilder text(StringBuilder b, String value) {
        if (value == null) return b;
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return b.append(v);
        return b.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
