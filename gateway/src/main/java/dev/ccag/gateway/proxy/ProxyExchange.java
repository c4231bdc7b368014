package dev.ccag.gateway.proxy;

import dev.ccag.gateway.bedrock.BedrockEndpoint;
import dev.ccag.gateway.bedrock.BedrockRequest;
import dev.ccag.gateway.bedrock.JsonTape;
import dev.ccag.gateway.bedrock.ResolvedModel;
import dev.ccag.gateway.keys.Principal;
import dev.ccag.gateway.pool.RoutePlan;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of one proxied request as it moves down the pipeline. Each step fills in what it
 * owns; later steps read it. Timestamps are {@link System#nanoTime()} values.
 */
public final class ProxyExchange {
    final String requestId;
    final long startNanos;
    final ProxyRoute route;
    final ClientRequest request;
    final ClientResponse response;

    Principal principal;
    /** The Anthropic request as the client sent it, or as a tool loop set it for its next call. */
    byte[] body;
    /** The parsed body, only for the web search step (when the body names a server tool), until translation. */
    ObjectNode json;
    /** The body's tokens as read on arrival, until the first translation; null when it has none. */
    JsonTape bodyTape;
    /** The room {@link #bodyTape} holds in {@link BodyMemory}. */
    BodyMemory.Reservation tapeHeld = BodyMemory.Reservation.NONE;
    /** {@code max_tokens} when it is a number, else 0. */
    long maxTokens;
    boolean stream;
    String requestedModel;
    BedrockEndpoint endpoint;
    /** The endpoints this request may use, best first; {@link UpstreamCall} fails over along it. */
    RoutePlan routePlan;
    ResolvedModel model;
    BedrockRequest bedrockRequest;
    SseWriter sse;

    final Usage usage = new Usage();
    int status;
    String errorType;
    boolean clientAborted;
    long upstreamStartNanos;
    long upstreamHeadersNanos;
    long upstreamFirstEventNanos;
    long upstreamEndNanos;
    long clientFirstByteNanos;

    /** Told once, just before the client can see the request answered (see {@link #settle()}). */
    java.util.List<ExchangeListener> settlers = java.util.List.of();
    private boolean settled;

    ProxyExchange(String requestId, long startNanos, ProxyRoute route, ClientRequest request, ClientResponse response) {
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.route = route;
        this.request = request;
        this.response = response;
    }

    /** The tape is done with (translated, or the request ends): its memory goes back. */
    void dropTape() {
        bodyTape = null;
        tapeHeld.close();
        tapeHeld = BodyMemory.Reservation.NONE;
    }

    /**
     * Hands the exchange to the settlers (the usage ledger) once, before the last bytes go out: the
     * final event of a stream, the body of a JSON answer, or an error. A client that saw its request
     * answered can therefore rely on its record being spooled, even if the gateway dies right after.
     */
    void settle() {
        if (settled) {
            return;
        }
        settled = true;
        for (ExchangeListener settler : settlers) {
            try {
                settler.completed(this);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ProxyExchange.class)
                        .error("settling request {} failed in {}", requestId, settler.getClass().getSimpleName(), e);
            }
        }
    }

    public String requestId() { return requestId; }
    public ProxyRoute route() { return route; }
    public Principal principal() { return principal; }
    public ResolvedModel model() { return model; }
    /** The model id exactly as the client sent it (null before the body was read). */
    public String requestedModel() { return requestedModel; }
    public BedrockEndpoint endpoint() { return endpoint; }
    public boolean stream() { return stream; }
    public Usage usage() { return usage; }
    public int status() { return status; }
    public String errorType() { return errorType; }
    public boolean clientAborted() { return clientAborted; }
    public String header(String name) { return request.header(name); }
    public long startNanos() { return startNanos; }
    public long upstreamStartNanos() { return upstreamStartNanos; }
    public long upstreamFirstEventNanos() { return upstreamFirstEventNanos; }
    public long upstreamEndNanos() { return upstreamEndNanos; }
    public long clientFirstByteNanos() { return clientFirstByteNanos; }
}
