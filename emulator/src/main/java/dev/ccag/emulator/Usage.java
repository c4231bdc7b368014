package dev.ccag.emulator;

/** Token counts of one reply, Anthropic's split: uncached input, cache reads, cache writes by TTL, output. */
record Usage(long inputTokens, long cacheReadTokens, long cacheWrite5mTokens, long cacheWrite1hTokens, long outputTokens) {

    long cacheWriteTokens() {
        return cacheWrite5mTokens + cacheWrite1hTokens;
    }

    Usage withOutput(long output) {
        return new Usage(inputTokens, cacheReadTokens, cacheWrite5mTokens, cacheWrite1hTokens, output);
    }
}
