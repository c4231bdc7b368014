package dev.ccag.gateway.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * One endpoint's health as this replica sees it: attempts and failures over a rolling window (ten
 * buckets), and the state machine healthy → cooling_down → probing → healthy. It trips after
 * {@code failureThreshold} failures in a row (a sudden outage), or when the window holds that many
 * failures and they are at least {@code failureRate} of its calls (an endpoint failing on and off). Lock-free: the request
 * path records an outcome with a few atomic operations, and reads the state with one volatile read.
 */
public final class EndpointHealth {
    private static final int BUCKETS = 10;

    /** One slice of the window; {@code slot} says which slice of time it counts. */
    private record Bucket(long slot, AtomicInteger ok, AtomicInteger failed) {
        Bucket(long slot) {
            this(slot, new AtomicInteger(), new AtomicInteger());
        }
    }

    /**
     * @param since        when this state began (nanos)
     * @param until        cooling_down: when probing may begin
     * @param cooldown     the cool-down that led here (doubled by a failed probe)
     * @param probeSuccess successes in a row while probing
     */
    private record State(HealthStatus status, long since, long until, long cooldown, int probeSuccess) {}

    /** What the admin API shows; times are nanos ago / from now, turned into instants by the caller. */
    public record View(HealthStatus status, long sinceNanosAgo, long coolingNanosLeft, int windowAttempts, int windowFailures) {}

    private final HealthSettings settings;
    private final LongSupplier nanos;
    private final long bucketNanos;
    private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(BUCKETS);
    private final AtomicReference<State> state;
    private final AtomicLong nextProbe = new AtomicLong();
    /** Failures since the last success: a sudden outage trips on these before the window's rate catches up. */
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    public EndpointHealth(HealthSettings settings, LongSupplier nanos) {
        this.settings = settings;
        this.nanos = nanos;
        this.bucketNanos = Math.max(1, settings.window().toNanos() / BUCKETS);
        this.state = new AtomicReference<>(new State(HealthStatus.HEALTHY, nanos.getAsLong(), 0, 0, 0));
    }

    /** The current state; a cool-down that has run out turns into probing here. */
    public HealthStatus status() {
        State s = state.get();
        if (s.status() == HealthStatus.COOLING_DOWN) {
            long now = nanos.getAsLong();
            if (now - s.until() >= 0) {
                State probing = new State(HealthStatus.PROBING, now, 0, s.cooldown(), 0);
                state.compareAndSet(s, probing);
                return state.get().status();
            }
        }
        return s.status();
    }

    /** While probing: true for at most one caller per probe interval, whose request is the test. */
    public boolean tryProbe() {
        if (status() != HealthStatus.PROBING) return false;
        long now = nanos.getAsLong();
        long next = nextProbe.get();
        return now - next >= 0 && nextProbe.compareAndSet(next, now + settings.probeInterval().toNanos());
    }

    public void success() {
        bucket().ok().incrementAndGet();
        consecutiveFailures.set(0);
        while (true) {
            State s = state.get();
            if (s.status() != HealthStatus.PROBING) return;
            State next = s.probeSuccess() + 1 >= settings.probeSuccesses()
                    ? new State(HealthStatus.HEALTHY, nanos.getAsLong(), 0, 0, 0)
                    : new State(HealthStatus.PROBING, s.since(), 0, s.cooldown(), s.probeSuccess() + 1);
            if (state.compareAndSet(s, next)) {
                if (next.status() == HealthStatus.HEALTHY) clearWindow(); // failures from before the cool-down are history
                return;
            }
        }
    }

    /**
     * Records a throttle, 5xx, timeout or connection failure.
     *
     * @return true when this failure sent the endpoint into cool-down (tell someone)
     */
    public boolean failure() {
        bucket().failed().incrementAndGet();
        int inARow = consecutiveFailures.incrementAndGet();
        while (true) {
            State s = state.get();
            long now = nanos.getAsLong();
            long cooldown;
            if (s.status() == HealthStatus.PROBING) {
                cooldown = Math.min(s.cooldown() * 2, settings.maxCooldown().toNanos());
            } else if (s.status() == HealthStatus.HEALTHY && (inARow >= settings.failureThreshold() || tripped())) {
                cooldown = settings.cooldown().toNanos();
            } else {
                return false;
            }
            if (state.compareAndSet(s, new State(HealthStatus.COOLING_DOWN, now, now + cooldown, cooldown, 0))) {
                return true;
            }
        }
    }

    public View view() {
        HealthStatus status = status();
        State s = state.get();
        long now = nanos.getAsLong();
        int[] counts = counts();
        return new View(status, now - s.since(), status == HealthStatus.COOLING_DOWN ? Math.max(0, s.until() - now) : 0, counts[0] + counts[1], counts[1]);
    }

    /** Enough failures in the window, and a large enough share of its calls (many successes dilute a few failures). */
    private boolean tripped() {
        int[] c = counts();
        int failed = c[1];
        int total = c[0] + c[1];
        return failed >= settings.failureThreshold() && failed >= settings.failureRate() * total;
    }

    /** {ok, failed} over the buckets still inside the window. */
    private int[] counts() {
        long current = nanos.getAsLong() / bucketNanos;
        int ok = 0;
        int failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            Bucket b = buckets.get(i);
            if (b != null && current - b.slot() < BUCKETS) {
                ok += b.ok().get();
                failed += b.failed().get();
            }
        }
        return new int[] {ok, failed};
    }

    private Bucket bucket() {
        long slot = nanos.getAsLong() / bucketNanos;
        int index = (int) Math.floorMod(slot, (long) BUCKETS);
        while (true) {
            Bucket b = buckets.get(index);
            if (b != null && b.slot() == slot) return b;
            Bucket fresh = new Bucket(slot);
            if (buckets.compareAndSet(index, b, fresh)) return fresh;
        }
    }

    private void clearWindow() {
        for (int i = 0; i < BUCKETS; i++) buckets.set(i, null);
    }
}
