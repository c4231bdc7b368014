package dev.ccag.gateway.ratelimit;

/** One counter with its limit, e.g. requests per minute of one user. {@code id} names it in the store. */
record Bucket(String id, LimitKind kind, long limit, String scope) {}
