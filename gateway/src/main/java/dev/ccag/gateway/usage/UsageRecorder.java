package dev.ccag.gateway.usage;

import java.util.List;

import dev.ccag.gateway.bedrock.ResolvedModel;
import dev.ccag.gateway.keys.Principal;
import dev.ccag.gateway.pricing.AppliedPrice;
import dev.ccag.gateway.pricing.CostCalculator;
import dev.ccag.gateway.pricing.PriceBook;
import dev.ccag.gateway.proxy.ExchangeListener;
import dev.ccag.gateway.proxy.ProxyExchange;
import dev.ccag.gateway.proxy.ProxyRoute;
import dev.ccag.gateway.proxy.Usage;
import java.time.Clock;
import java.time.Instant;

/**
 * Turns each finished model call into a priced {@link UsageRecord} and appends it to the spool.
 * Runs on the request thread, so it only prices in memory and makes one file write. Requests
 * without a caller (rejected before authentication) and model listings are not billed.
 */
public final class UsageRecorder implements ExchangeListener {
    static final String SESSION_HEADER = "x-claude-code-session-id";
    /** Not documented by Claude Code yet; recorded when a client (or a custom header) sends it. */
    static final String AGENT_HEADER = "x-claude-code-agent-id";

    private final UsageSpool spool;
    private final PriceBook prices;
    private final Clock clock;
    private final List<UsageListener> listeners;

    public UsageRecorder(UsageSpool spool, PriceBook prices, Clock clock) {
        this(spool, prices, clock, List.of());
    }

    public UsageRecorder(UsageSpool spool, PriceBook prices, Clock clock, List<UsageListener> listeners) {
        this.spool = spool;
        this.prices = prices;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void completed(ProxyExchange exchange) {
        UsageRecord record = toRecord(exchange, System.nanoTime());
        if (record == null) return;
        // listeners first: the writer may store the record the moment it is spooled, and a listener
        // (the budget tracker) must know the record before it hears that it was stored
        for (UsageListener listener : listeners) {
            listener.recorded(record);
        }
        spool.append(record);
    }

    UsageRecord toRecord(ProxyExchange ex, long nowNanos) {
        Principal principal = ex.principal();
        if (principal == null || ex.route() == ProxyRoute.MODELS || ex.route() == ProxyRoute.MODEL) {
            return null;
        }
        ResolvedModel model = ex.model();
        String generation = model != null && model.spec() != null ? model.spec().generation() : null;
        String bedrockModel = model != null ? model.bedrockModelId() : null;
        AppliedPrice price = prices.priceFor(model != null ? model.anthropicId() : null, generation, bedrockModel);
        Usage u = ex.usage();
        // A client abort is billed for what was streamed: the usage seen so far is what Bedrock metered.
        long cost = CostCalculator.costMicros(price, u.inputTokens(), u.outputTokens(), u.cacheReadTokens(),
                u.cacheWrite5mTokens(), u.cacheWrite1hTokens(), u.webSearchRequests());
        long elapsed = nowNanos - ex.startNanos();
        Instant started = clock.instant().minusNanos(elapsed);
        int status = ex.clientAborted() && ex.status() == 0 ? 499 : ex.status();
        // The ledger may be told just before the answer's bytes go out; a 200 not yet flushed starts now.
        Integer ttfb = null;
        if (ex.clientFirstByteNanos() > 0) ttfb = millis(ex.clientFirstByteNanos() - ex.startNanos());
        else if (status == 200) ttfb = millis(elapsed);
        return new UsageRecord(ex.requestId(), started, cut(principal.keyId(), 36), cut(principal.userId(), 36),
                cut(principal.teamId(), 36), cut(model != null ? model.requested() : ex.requestedModel(), 200),
                cut(model != null ? model.anthropicId() : null, 200), cut(bedrockModel, 300),
                cut(ex.endpoint() != null ? ex.endpoint().name() : null, 100), status, ex.stream(), ex.clientAborted(),
                u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWrite5mTokens(), u.cacheWrite1hTokens(),
                (int) Math.min(Integer.MAX_VALUE, u.webSearchRequests()), cost, cut(price.toJson(), 1000), millis(elapsed), ttfb,
                cut(ex.header(SESSION_HEADER), 100), cut(ex.header(AGENT_HEADER), 100));
    }

    private static int millis(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1_000_000));
    }

    /** Client-sent values are cut to their column's width: an over-long header must not make a record unwritable. */
    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
