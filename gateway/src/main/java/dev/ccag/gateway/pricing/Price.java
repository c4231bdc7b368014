package dev.ccag.gateway.pricing;

/**
 * One model's prices in micro-dollars: token prices per million tokens, web search per search.
 * Integers only, so costs never pick up floating-point error.
 */
public record Price(long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead, long webSearch) {

    public Price {
        if (input < 0 || output < 0 || cacheWrite5m < 0 || cacheWrite1h < 0 || cacheRead < 0 || webSearch < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    /** Rough order for "the most expensive model": what a typical request (mostly input, some output) costs. */
    long weight() {
        return input + output;
    }
}
