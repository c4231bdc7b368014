package dev.ccag.gateway.ratelimit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Admits or refuses requests against the rate limits that apply to them: per key, user, team and
 * model, counted in calendar-minute windows (and concurrent requests in flight). Tokens are reserved
 * from estimates at admission and corrected with the real usage at {@link #settle}. Nothing here
 * touches the database; the cost is a few counter updates in the {@link RateLimitStore}.
 */
public final class RateLimiter {
    static final long MINUTE_MILLIS = 60_000;

    private final RateLimitProperties props;
    private final RateLimitStore store;
    private final LongSupplier clockMillis;
    private final boolean configured;

    public RateLimiter(RateLimitProperties props, RateLimitStore store, LongSupplier clockMillis) {
        this.props = props;
        this.store = store;
        this.clockMillis = clockMillis;
        this.configured = props.any();
    }

    /**
     * Takes the request's share of every applicable limit, or none of them.
     *
     * @throws RateLimitedException when a limit has no headroom left
     */
    public Admission admit(AdmissionRequest request) {
        if (!configured && request.keyRpm() == null && request.keyTpm() == null && request.budgetRpm() == null) {
            return Admission.NONE;
        }
        List<Bucket> buckets = buckets(request);
        if (buckets.isEmpty()) {
            return Admission.NONE;
        }
        long now = clockMillis.getAsLong();
        long windowStart = now - Math.floorMod(now, MINUTE_MILLIS);
        long[] counts = new long[buckets.size()];
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            long count = b.kind() == LimitKind.CONCURRENT
                    ? store.acquire(b.id(), b.limit())
                    : store.tryAdd(b.id(), windowStart, amount(b.kind(), request.inputEstimate(), request.outputEstimate()), b.limit());
            if (count < 0) {
                undo(buckets, i, windowStart, request.inputEstimate(), request.outputEstimate());
                throw refusal(b, windowStart, now);
            }
            counts[i] = count;
        }
        return new Admission(buckets, windowStart, request.inputEstimate(), request.outputEstimate(),
                headers(buckets, counts, windowStart));
    }

    /** Replaces the admission's token estimates with the real counts and frees its concurrency slots. Idempotent. */
    public void settle(Admission admission, long inputTokens, long outputTokens) {
        if (admission.buckets.isEmpty() || !admission.markSettled()) {
            return;
        }
        long now = clockMillis.getAsLong();
        long windowStart = now - Math.floorMod(now, MINUTE_MILLIS);
        for (Bucket b : admission.buckets) {
            switch (b.kind()) {
                case CONCURRENT -> store.release(b.id());
                case REQUESTS -> { }
                default -> {
                    long actual = amount(b.kind(), inputTokens, outputTokens);
                    if (windowStart == admission.windowStart) {
                        store.adjust(b.id(), windowStart, actual - amount(b.kind(), admission.inputEstimate, admission.outputEstimate));
                    } else {
                        // a call that outlived its minute: its tokens count in the minute they were reported
                        store.tryAdd(b.id(), windowStart, actual, Long.MAX_VALUE);
                    }
                }
            }
        }
    }

    private void undo(List<Bucket> buckets, int taken, long windowStart, long input, long output) {
        for (int i = 0; i < taken; i++) {
            Bucket b = buckets.get(i);
            if (b.kind() == LimitKind.CONCURRENT) {
                store.release(b.id());
            } else {
                store.adjust(b.id(), windowStart, -amount(b.kind(), input, output));
            }
        }
    }

    private static long amount(LimitKind kind, long input, long output) {
        return switch (kind) {
            case REQUESTS, CONCURRENT -> 1;
            case TOKENS -> input + output;
            case INPUT_TOKENS -> input;
            case OUTPUT_TOKENS -> output;
        };
    }

    private List<Bucket> buckets(AdmissionRequest r) {
        List<Bucket> out = new ArrayList<>(8);
        RateLimitProperties.Limits key = props.key();
        String k = "k:" + r.keyId();
        add(out, k, "key", LimitKind.REQUESTS, tighter(r.keyRpm(), key.rpm()));
        add(out, k, "key", LimitKind.TOKENS, r.keyTpm());
        // its own bucket, so the refusal names the budget and lifting the throttle leaves the key's count alone
        if (r.budgetRpm() != null) {
            add(out, k + ":b", "key, throttled by budget '" + r.budgetName() + "',", LimitKind.REQUESTS, r.budgetRpm());
        }
        add(out, k, "key", key);
        if (r.userId() != null) {
            add(out, "u:" + r.userId(), "user", props.user());
        }
        if (r.teamId() != null) {
            add(out, "t:" + r.teamId(), "team", props.team());
        }
        if (r.model() != null) {
            RateLimitProperties.Limits model = props.models().get(r.model());
            if (model != null) {
                add(out, "m:" + r.model(), "model " + r.model(), model);
            }
        }
        return out;
    }

    private static void add(List<Bucket> out, String prefix, String scope, RateLimitProperties.Limits limits) {
        if (!"key".equals(scope)) {
            add(out, prefix, scope, LimitKind.REQUESTS, limits.rpm());
        }
        add(out, prefix, scope, LimitKind.INPUT_TOKENS, limits.inputTpm());
        add(out, prefix, scope, LimitKind.OUTPUT_TOKENS, limits.outputTpm());
        add(out, prefix, scope, LimitKind.CONCURRENT, limits.concurrent());
    }

    private static void add(List<Bucket> out, String prefix, String scope, LimitKind kind, @Nullable Integer limit) {
        if (limit != null) {
            out.add(new Bucket(prefix + ":" + kind.ordinal(), kind, limit, scope));
        }
    }

    private static @Nullable Integer tighter(@Nullable Integer a, @Nullable Integer b) {
        if (a == null) return b;
        if (b == null) return a;
        return Math.min(a, b);
    }

    /** For each counted kind, the limit with the least headroom; the {@code tokens-*} family takes the least of all token kinds. */
    private static Map<String, String> headers(List<Bucket> buckets, long[] counts, long windowStart) {
        Map<String, String> h = new LinkedHashMap<>();
        String reset = Instant.ofEpochMilli(windowStart + MINUTE_MILLIS).toString();
        long[] bestRemaining = new long[LimitKind.values().length];
        long[] bestLimit = new long[LimitKind.values().length];
        java.util.Arrays.fill(bestRemaining, Long.MAX_VALUE);
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (b.kind() == LimitKind.CONCURRENT) continue;
            long remaining = Math.max(0, b.limit() - counts[i]);
            for (LimitKind family : families(b.kind())) {
                if (remaining < bestRemaining[family.ordinal()]) {
                    bestRemaining[family.ordinal()] = remaining;
                    bestLimit[family.ordinal()] = b.limit();
                }
            }
        }
        for (LimitKind kind : LimitKind.values()) {
            if (bestRemaining[kind.ordinal()] != Long.MAX_VALUE) {
                put(h, kind, bestLimit[kind.ordinal()], bestRemaining[kind.ordinal()], reset);
            }
        }
        return h;
    }

    private static LimitKind[] families(LimitKind kind) {
        return switch (kind) {
            case INPUT_TOKENS -> new LimitKind[] {LimitKind.INPUT_TOKENS, LimitKind.TOKENS};
            case OUTPUT_TOKENS -> new LimitKind[] {LimitKind.OUTPUT_TOKENS, LimitKind.TOKENS};
            default -> new LimitKind[] {kind};
        };
    }

    private static void put(Map<String, String> h, LimitKind kind, long limit, long remaining, String reset) {
        h.put("anthropic-ratelimit-" + kind.header + "-limit", Long.toString(limit));
        h.put("anthropic-ratelimit-" + kind.header + "-remaining", Long.toString(remaining));
        h.put("anthropic-ratelimit-" + kind.header + "-reset", reset);
    }

    private static RateLimitedException refusal(Bucket b, long windowStart, long now) {
        Map<String, String> h = new LinkedHashMap<>();
        if (b.kind() == LimitKind.CONCURRENT) {
            return new RateLimitedException(b.scope() + " " + b.kind().header, "Rate limit exceeded: the " + b.scope() + " allows " + b.limit()
                    + " concurrent requests; retry when one has finished", 1, h);
        }
        String reset = Instant.ofEpochMilli(windowStart + MINUTE_MILLIS).toString();
        for (LimitKind family : families(b.kind())) {
            put(h, family, b.limit(), 0, reset);
        }
        int retryAfter = (int) Math.max(1, (windowStart + MINUTE_MILLIS - now + 999) / 1000);
        String what = switch (b.kind()) {
            case REQUESTS -> "requests";
            case TOKENS -> "tokens";
            case INPUT_TOKENS -> "input tokens";
            case OUTPUT_TOKENS -> "output tokens";
            case CONCURRENT -> "concurrent requests";
        };
        return new RateLimitedException(b.scope() + " " + b.kind().header, "Rate limit exceeded: the " + b.scope() + " allows " + b.limit() + " " + what
                + " per minute; the limit resets at " + reset, retryAfter, h);
    }
}
