package dev.ccag.gateway.usage;

import java.util.List;

/** Told about ledger records: when one is spooled (on the request thread) and when a batch is in the database. */
public interface UsageListener {
    /** A priced record was spooled; called on the request thread, so it must be cheap. */
    void recorded(UsageRecord record);

    /** These records are committed to the database (called by the writer after the commit returned). */
    void stored(List<UsageRecord> records);
}
