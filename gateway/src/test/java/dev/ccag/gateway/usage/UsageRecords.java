package dev.ccag.gateway.usage;

import java.time.Instant;

/** Test records with sensible defaults. */
final class UsageRecords {
    private UsageRecords() {}

    static UsageRecord record(String requestId, Instant at, String key, String user, String team, String model,
            int status, long input, long output, long cost) {
        return new UsageRecord(requestId, at, key, user, team, model, model, "us.anthropic." + model, "emulator", status,
                true, false, input, output, 3, 4, 5, 1, cost, "{\"source\":\"list\"}", 120, 40, "session-1", null);
    }
}
