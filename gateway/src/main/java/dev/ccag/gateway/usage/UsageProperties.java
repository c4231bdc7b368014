package dev.ccag.gateway.usage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** {@code ccag.usage.*}: the usage ledger. */
@ConfigurationProperties(prefix = "ccag.usage")
public record UsageProperties(
        /** Where the spool lives; default {@code <ccag.data-dir>/usage-spool}. */
        String spoolDir,
        /** A spool segment is closed and a new one started at this size. */
        @DefaultValue("64MB") DataSize segmentSize,
        /** Most records per database transaction. */
        @DefaultValue("2000") int batchSize,
        /**
         * How often the writer looks for new records when it is caught up. Each batch costs more
         * than its records do; a writer waking five times a second was most of the gateway's p99 at
         * concurrency 1 (decision 0011).
         */
        @DefaultValue("1s") Duration batchInterval,
        /** On shutdown, how long the writer keeps draining the spool; the rest is written on the next start. */
        @DefaultValue("10s") Duration drainTimeout,
        /** Raw records older than this many days are deleted; the hourly and daily rollups are kept. */
        @DefaultValue("90") int retentionDays,
        /** How often retention runs (by one replica at a time). */
        @DefaultValue("1h") Duration retentionInterval) {

    public UsageProperties {
        if (batchSize < 1 || batchSize > 10_000) throw new IllegalArgumentException("ccag.usage.batch-size: must be 1..10000");
        if (retentionDays < 1) throw new IllegalArgumentException("ccag.usage.retention-days: must be at least 1");
        if (segmentSize.toBytes() < 4096) throw new IllegalArgumentException("ccag.usage.segment-size: must be at least 4KB");
    }
}
