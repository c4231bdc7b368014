package dev.ccag.gateway.usage;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the spool into the database in batches, on one background thread. A batch is written
 * and then the checkpoint advanced; a crash between the two leaves the checkpoint behind the
 * position the database stored with the batch, and the store skips to that (decision 0016). While
 * the database is unreachable records stay in the spool and the writer retries with backoff. On
 * shutdown it drains what it can within the drain timeout.
 *
 * <p>Stops after the web server (lower phase), so requests still finishing during a graceful
 * shutdown are written too.
 */
public final class UsageWriter implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(UsageWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final UsageSpool spool;
    private final UsageStore store;
    private final int batchSize;
    private final Duration interval;
    private final Duration drainTimeout;
    private final Counter written;
    private final Counter failures;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile boolean databaseUp = true;
    private Thread thread;
    private final List<UsageListener> listeners;

    public UsageWriter(UsageSpool spool, UsageStore store, int batchSize, Duration interval, Duration drainTimeout,
            MeterRegistry registry) {
        this(spool, store, batchSize, interval, drainTimeout, registry, List.of());
    }

    public UsageWriter(UsageSpool spool, UsageStore store, int batchSize, Duration interval, Duration drainTimeout,
            MeterRegistry registry, List<UsageListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.spool = spool;
        this.store = store;
        this.batchSize = batchSize;
        this.interval = interval;
        this.drainTimeout = drainTimeout;
        this.written = Counter.builder("ccag.usage.records.written").description("Usage records stored in the database").register(registry);
        this.failures = Counter.builder("ccag.usage.write.failures")
                .description("Failed attempts to write a usage batch (the records stay spooled and are retried)").register(registry);
        Gauge.builder("ccag.usage.spool.backlog", spool, UsageSpool::backlogBytes).baseUnit("bytes")
                .description("Spooled usage not yet in the database").register(registry);
        Gauge.builder("ccag.usage.database.up", this, w -> w.databaseUp ? 1 : 0)
                .description("1 while usage batches reach the database, 0 while they are held in the spool").register(registry);
    }

    /**
     * Writes one batch from the checkpoint onwards and advances the checkpoint to where the database
     * says it has stored the spool.
     *
     * @return the number of records read from the spool (0 when caught up)
     */
    public int writeOnce() throws IOException {
        UsageSpool.Position from = spool.checkpoint();
        UsageSpool.Batch batch = spool.read(from, batchSize);
        if (batch.end().equals(from)) return 0;
        UsageSpool.Position[] reached = {batch.end()};
        Runnable commitAndReport = () -> {
            UsageStore.Stored stored = store.write(spool.id(), from, batch.end(), batch.records());
            reached[0] = stored.position();
            written.increment(stored.records().size());
            // Records the database held already (an earlier attempt's commit went through but its
            // answer was lost, or a crash came before the checkpoint moved) are reported now, as that
            // attempt would have; after a restart the listeners have none of them pending, no harm.
            List<UsageRecord> report = stored.records().isEmpty() ? batch.recordsUpTo(stored.position()) : stored.records();
            if (!report.isEmpty()) {
                for (UsageListener listener : listeners) {
                    listener.stored(report);
                }
            }
        };
        for (UsageListener listener : listeners) {
            Runnable inner = commitAndReport;
            commitAndReport = () -> listener.storing(inner);
        }
        commitAndReport.run();
        spool.commit(reached[0]);
        return batch.records().size();
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("ccag-usage-writer").daemon(true).start(this::run);
    }

    private void run() {
        long backoffMillis = interval.toMillis();
        long deadline = Long.MAX_VALUE;
        while (true) {
            if (stopping && deadline == Long.MAX_VALUE) deadline = System.nanoTime() + drainTimeout.toNanos();
            if (stopping && System.nanoTime() > deadline) break;
            int n;
            try {
                spool.force();
                n = writeOnce();
                if (!databaseUp) log.info("usage ledger: database reachable again; writing the spooled records");
                databaseUp = true;
                backoffMillis = interval.toMillis();
            } catch (IOException | RuntimeException e) {
                failures.increment();
                if (databaseUp) {
                    log.warn("usage ledger: cannot write to the database ({}); records stay in the spool and are retried", e.toString());
                } else {
                    log.debug("usage ledger: retry failed", e);
                }
                databaseUp = false;
                if (stopping) break; // what could not be written stays spooled for the next start
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
                continue;
            }
            if (n < batchSize) {
                if (stopping) break; // caught up
                sleep(interval.toMillis());
            }
        }
        running = false;
    }

    private void sleep(long millis) {
        lock.lock();
        try {
            if (!stopping) wake.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            stopping = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            try {
                thread.join(drainTimeout.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
        try {
            spool.close();
        } catch (IOException e) {
            log.warn("usage ledger: closing the spool: {}", e.toString());
        }
        if (!spool.drained()) {
            log.warn("usage ledger: {} bytes of usage stay spooled and will be written on the next start", spool.backlogBytes());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server's graceful shutdown (which runs at DEFAULT_PHASE - 1024 and - 2048). */
    @Override
    public int getPhase() {
        return 0;
    }

    public boolean databaseUp() {
        return databaseUp;
    }
}
