package dev.ccag.gateway.budget;

import dev.ccag.gateway.usage.UsageListener;
import dev.ccag.gateway.usage.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every budget has spent in its current period, without touching the database on the request
 * path. Spend is the sum of three parts:
 * <ol>
 *   <li><b>stored</b>: the ledger as of the last refresh (about once a second; the closed hours of a
 *       period less often, see {@link SpendSnapshots});</li>
 *   <li><b>pending</b>: requests this replica has settled (their record is spooled) but that the last
 *       snapshot did not include yet. A record leaves this part only when a snapshot that started
 *       after its database commit is in place, so nothing is counted twice or dropped;</li>
 *   <li><b>reserved</b>: the cost estimates of requests in flight on this replica, taken at
 *       admission and given back when the request ends (its real cost is pending by then).</li>
 * </ol>
 * A request is admitted only while stored + pending + reserved is below a block threshold, and
 * reserves its estimate atomically with that check, so concurrent requests overshoot a budget by at
 * most one request's estimate. Other replicas' spend arrives through the database, about a second late.
 */
public final class BudgetTracker implements UsageListener {
    private static final Logger log = LoggerFactory.getLogger(BudgetTracker.class);

    private final BudgetRepository repository;
    private final SpendSnapshots snapshots;
    private final BudgetAlerts alerts;
    private final Clock clock;

    /** Enabled budgets by the counter they are charged to; replaced whole on refresh. */
    private volatile Map<String, List<BudgetState>> byCounter = Map.of();
    private volatile Map<String, BudgetState> byId = Map.of();
    private final ConcurrentHashMap<String, AtomicLong> reserved = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PendingSpend> pendingByRequest = new ConcurrentHashMap<>();
    /**
     * Held by the ledger writer from its commit until it has reported the batch, and by the refresh
     * while it reads the sums: a snapshot therefore either includes a batch that is already marked
     * stored (before the snapshot began) or excludes one marked after, never the ambiguous middle
     * that would count a record twice.
     */
    private final java.util.concurrent.locks.ReentrantLock ledgerLock = new java.util.concurrent.locks.ReentrantLock();
    /**
     * Write-locked by the refresh while it puts new stored spend in place and retires the pending
     * spend that stored spend now includes. An admission reads optimistically and starts over when a
     * refresh happened meanwhile: between the two steps a retired record is in both stored and
     * pending, and an admission reading then saw it twice (a budget under its limit refused as spent).
     */
    private final java.util.concurrent.locks.StampedLock publication = new java.util.concurrent.locks.StampedLock();

    /** One budget as of the last refresh: its current window and its stored spend in it. */
    public record BudgetState(Budget budget, BudgetPeriod.Window window, long storedMicros) {}

    private static final class PendingSpend {
        final String[] counters;
        final long costMicros;
        final Instant occurredAt;
        volatile long storedNanos; // 0 until the writer committed the record

        PendingSpend(String[] counters, long costMicros, Instant occurredAt) {
            this.counters = counters;
            this.costMicros = costMicros;
            this.occurredAt = occurredAt;
        }
    }

    public BudgetTracker(BudgetRepository repository, SpendSnapshots snapshots, BudgetAlerts alerts, Clock clock) {
        this.repository = repository;
        this.snapshots = snapshots;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Reloads the budgets and their stored spend, retires pending spend the new snapshot includes, and raises alerts. */
    public synchronized void refresh() {
        Instant now = clock.instant();
        List<Budget> budgets = repository.all();
        List<BudgetState> states = new ArrayList<>(budgets.size());
        List<BudgetPeriod.Window> windows = new ArrayList<>(budgets.size());
        for (Budget b : budgets) {
            if (b.enabled()) windows.add(b.period().windowAt(now, b.zone()));
        }
        SpendSnapshots.Snapshot snapshot;
        ledgerLock.lock(); // no batch is committed-but-not-yet-reported while the sums are read
        try {
            snapshot = snapshots.take(now, windows);
        } finally {
            ledgerLock.unlock();
        }
        Map<String, List<BudgetState>> counters = new HashMap<>();
        Map<String, BudgetState> ids = new HashMap<>();
        int i = 0;
        for (Budget b : budgets) {
            if (!b.enabled()) continue;
            BudgetPeriod.Window window = windows.get(i++);
            BudgetState state = new BudgetState(b, window, snapshot.spend(window, b.counter()));
            counters.computeIfAbsent(b.counter(), c -> new ArrayList<>(2)).add(state);
            ids.put(b.id(), state);
        }
        long write = publication.writeLock();
        try {
            byCounter = counters;
            byId = ids;
            retirePending(snapshot);
        } finally {
            publication.unlockWrite(write);
        }
        for (BudgetState state : ids.values()) {
            alerts.check(state, committed(state, now), now);
        }
    }

    private void retirePending(SpendSnapshots.Snapshot snapshot) {
        for (var it = pendingByRequest.values().iterator(); it.hasNext(); ) {
            PendingSpend p = it.next();
            if (p.storedNanos != 0 && snapshot.includesCommitAt(p.occurredAt, p.storedNanos)) {
                it.remove();
                for (String c : p.counters) {
                    AtomicLong total = pending.get(c);
                    if (total != null) total.addAndGet(-p.costMicros);
                }
            }
        }
    }

    /**
     * Checks every budget of the caller and reserves the request's estimated cost against each of their
     * counters, or reserves nothing.
     *
     * @throws BudgetExceededException when a budget has reached its block threshold
     */
    public BudgetAdmission admit(String keyId, @Nullable String userId, @Nullable String teamId, java.util.function.LongSupplier estimate) {
        while (true) {
            long stamp = publication.tryOptimisticRead();
            if (stamp == 0) { // a refresh is putting new spend in place: wait for it
                publication.unlockRead(publication.readLock());
                continue;
            }
            BudgetAdmission admission = admitOnce(keyId, userId, teamId, estimate, stamp);
            if (admission != null) return admission;
        }
    }

    /** One attempt of {@link #admit}; null (nothing reserved) when a refresh published new spend meanwhile. */
    private @Nullable BudgetAdmission admitOnce(String keyId, @Nullable String userId, @Nullable String teamId,
            java.util.function.LongSupplier estimate, long stamp) {
        Map<String, List<BudgetState>> budgets = byCounter;
        if (budgets.isEmpty()) {
            return BudgetAdmission.NONE;
        }
        String[] counters = counters(keyId, userId, teamId);
        long estimateMicros = -1;
        Instant now = null;
        List<String> reservedOn = null;
        Integer throttleRpm = null;
        BudgetState throttledBy = null;
        BudgetState mostUsed = null;
        double mostUsedRatio = -1;
        for (String counter : counters) {
            List<BudgetState> states = budgets.get(counter);
            if (states == null) continue;
            if (now == null) {
                now = clock.instant();
                estimateMicros = Math.max(0, estimate.getAsLong()); // priced only when a budget applies
            }
            AtomicLong r = reserved.computeIfAbsent(counter, c -> new AtomicLong());
            long pendingMicros = pendingMicros(counter);
            while (true) {
                long inFlight = r.get();
                BudgetState blocking = null;
                for (BudgetState s : states) {
                    long committed = stored(s, now) + pendingMicros;
                    if (committed + inFlight >= s.budget().blockAtMicros()) {
                        blocking = s;
                        break;
                    }
                }
                if (blocking != null) {
                    release(reservedOn, estimateMicros);
                    if (!publication.validate(stamp)) return null;
                    long committed = stored(blocking, now) + pendingMicros;
                    if (committed >= blocking.budget().blockAtMicros()) {
                        alerts.blocked(blocking, committed, now);
                        throw BudgetExceededException.of(blocking, committed);
                    }
                    // not spent yet, only promised to requests in flight: worth retrying when they finish
                    throw BudgetExceededException.busy(blocking, committed, inFlight);
                }
                if (r.compareAndSet(inFlight, inFlight + estimateMicros)) break;
            }
            if (reservedOn == null) reservedOn = new ArrayList<>(counters.length);
            reservedOn.add(counter);
            for (BudgetState s : states) {
                long committed = stored(s, now) + pendingMicros;
                Integer rpm = BudgetRules.throttleRpm(s.budget(), committed);
                if (rpm != null && (throttleRpm == null || rpm < throttleRpm)) {
                    throttleRpm = rpm;
                    throttledBy = s;
                }
                double ratio = (double) committed / Math.max(1, s.budget().limitMicros());
                if (ratio > mostUsedRatio) {
                    mostUsedRatio = ratio;
                    mostUsed = s;
                }
            }
        }
        if (!publication.validate(stamp)) {
            release(reservedOn, estimateMicros);
            return null;
        }
        if (reservedOn == null) {
            return BudgetAdmission.NONE;
        }
        return new BudgetAdmission(List.copyOf(reservedOn), estimateMicros, throttleRpm, throttledBy, mostUsed,
                mostUsed == null ? 0 : stored(mostUsed, now) + pendingMicros(mostUsed.budget().counter()));
    }

    /** Gives the admission's reservations back. Idempotent. */
    public void release(BudgetAdmission admission) {
        if (admission.markReleased()) {
            release(admission.counters(), admission.estimateMicros());
        }
    }

    private void release(@Nullable List<String> counters, long estimateMicros) {
        if (counters == null) return;
        for (String c : counters) {
            AtomicLong r = reserved.get(c);
            if (r != null) r.addAndGet(-estimateMicros);
        }
    }

    /** A settled request's priced record (called before the client sees the answer's last byte). */
    @Override
    public void recorded(UsageRecord record) {
        if (record.costMicros() <= 0 || byCounter.isEmpty()) {
            return;
        }
        String[] counters = counters(record.keyId(), record.userId(), record.teamId());
        Map<String, List<BudgetState>> budgets = byCounter;
        boolean budgeted = false;
        for (String c : counters) budgeted |= budgets.containsKey(c);
        if (!budgeted) {
            return;
        }
        pendingByRequest.put(record.requestId(), new PendingSpend(counters, record.costMicros(), record.occurredAt()));
        for (String c : counters) {
            pending.computeIfAbsent(c, k -> new AtomicLong()).addAndGet(record.costMicros());
        }
        Instant now = clock.instant();
        for (String c : counters) {
            List<BudgetState> states = budgets.get(c);
            if (states == null) continue;
            for (BudgetState s : states) {
                alerts.check(s, committed(s, now), now);
            }
        }
    }

    /** Makes each batch's commit and its {@link #stored} report one step to the snapshot reads. */
    @Override
    public void storing(Runnable commitAndReport) {
        ledgerLock.lock();
        try {
            commitAndReport.run();
        } finally {
            ledgerLock.unlock();
        }
    }

    /** Records the writer has committed to the database (after the commit returned). */
    @Override
    public void stored(List<UsageRecord> records) {
        long now = System.nanoTime();
        for (UsageRecord r : records) {
            PendingSpend p = pendingByRequest.get(r.requestId());
            if (p != null) p.storedNanos = now;
        }
    }

    /** The current state of one budget, for the admin API; null when unknown or disabled. */
    public @Nullable BudgetStatus status(String budgetId) {
        BudgetState s = byId.get(budgetId);
        if (s == null) return null;
        Instant now = clock.instant();
        long committed = committed(s, now);
        AtomicLong r = reserved.get(s.budget().counter());
        return BudgetStatus.of(s, committed, r == null ? 0 : Math.max(0, r.get()));
    }

    private long committed(BudgetState s, Instant now) {
        return stored(s, now) + pendingMicros(s.budget().counter());
    }

    /** Stored spend, or nothing once the period the snapshot was taken in has ended (until the next refresh). */
    private static long stored(BudgetState s, Instant now) {
        return s.window().contains(now) ? s.storedMicros() : 0;
    }

    private long pendingMicros(String counter) {
        AtomicLong p = pending.get(counter);
        return p == null ? 0 : Math.max(0, p.get());
    }

    private static String[] counters(String keyId, @Nullable String userId, @Nullable String teamId) {
        int n = 2 + (userId != null ? 1 : 0) + (teamId != null ? 1 : 0);
        String[] out = new String[n];
        int i = 0;
        out[i++] = BudgetScope.KEY.counter(keyId);
        if (userId != null) out[i++] = BudgetScope.USER.counter(userId);
        if (teamId != null) out[i++] = BudgetScope.TEAM.counter(teamId);
        out[i] = BudgetScope.DEPLOYMENT.counter(null);
        return out;
    }

    /** Pending spend not yet in a snapshot (for tests and metrics). */
    int pendingRecords() {
        return pendingByRequest.size();
    }

    /** Runs {@link #refresh()} forever at {@code interval}; errors are logged and the last state is kept. */
    public Thread startRefreshing(Duration interval) {
        return Thread.ofPlatform().name("ccag-budget-refresh").daemon(true).start(() -> {
            boolean failing = false;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    refresh();
                    if (failing) log.info("budgets: database reachable again, spend refreshed");
                    failing = false;
                } catch (RuntimeException e) {
                    if (!failing) log.warn("budgets: cannot refresh spend from the database ({}); enforcing the last known state", e.toString());
                    failing = true;
                }
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }
}
