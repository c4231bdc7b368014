package dev.ccag.gateway.usage;

import java.util.List;

/** Told about ledger records: when one is spooled (on the request thread) and when a batch is in the database. */
public interface UsageListener {
    /** A priced record was spooled; called on the request thread, so it must be cheap. */
    void recorded(UsageRecord record);

    /** These records are committed to the database (called by the writer after the commit returned). */
    void stored(List<UsageRecord> records);

    /**
     * Runs the writer's commit of a batch followed by its {@link #stored} calls. A listener that reads
     * the ledger may hold a lock around it, so that to its reads each batch is committed and reported
     * in one step.
     */
    default void storing(Runnable commitAndReport) {
        commitAndReport.run();
    }
}
