package dev.ccag.gateway.proxy;

import dev.ccag.gateway.anthropic.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the memory that request bodies take across all requests in flight. A request holds its body
 * twice (as sent, and translated for Bedrock) for its whole life, which for a stream is minutes, and
 * Claude Code's bodies grow to megabytes late in a session: with many sessions at once that, not
 * the number of streams, is what sizes the heap. Bounding it is what lets the gateway run with a
 * fixed heap and never fail with OutOfMemoryError instead.
 *
 * <p>A body that does not fit waits, in arrival order, for others to finish, and after {@code wait}
 * is refused with 529 {@code overloaded_error}, which Claude Code and the Anthropic SDKs retry with
 * backoff. A body larger than the whole budget is admitted when nothing else holds memory.
 */
final class BodyMemory {
    private static final Logger log = LoggerFactory.getLogger(BodyMemory.class);
    private static final int UNIT = 1024; // permits are KiB: an int counts up to 2 TiB
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Semaphore permits;
    private final int totalUnits;
    private final long maxBytes;
    private final Duration wait;
    private final Counter refused;
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    BodyMemory(long maxBytes, Duration wait, MeterRegistry registry) {
        if (maxBytes < UNIT || maxBytes / UNIT > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ccag.proxy.max-body-memory: must be 1KB..2TB");
        }
        this.maxBytes = maxBytes;
        this.totalUnits = (int) (maxBytes / UNIT);
        this.permits = new Semaphore(totalUnits, true);
        this.wait = wait;
        Gauge.builder("ccag.proxy.body.memory", this, BodyMemory::heldBytes).baseUnit("bytes")
                .description("Request bodies held in memory by the requests in flight (each counted twice: as sent and translated)")
                .register(registry);
        this.refused = Counter.builder("ccag.proxy.overloaded")
                .description("Requests refused with 529 because the request bodies in flight filled ccag.proxy.max-body-memory")
                .register(registry);
    }

    /**
     * Reserves room for a body of {@code bodyBytes} (twice that, capped at the whole budget), waiting
     * for others to finish if need be.
     *
     * @throws ApiException 529 {@code overloaded_error} when no room was free within the wait
     */
    Reservation reserve(long bodyBytes) throws InterruptedException {
        int units = units(2 * Math.max(0, bodyBytes));
        if (units == 0) return Reservation.NONE;
        // the timed tryAcquire keeps arrival order even when free (the untimed one would barge past a waiting large body)
        if (!permits.tryAcquire(units, wait.toNanos(), TimeUnit.NANOSECONDS)) {
            refused.increment();
            long now = System.nanoTime();
            long last = lastWarning;
            if (now - last >= WARN_EVERY_NANOS) {
                lastWarning = now;
                log.warn("request bodies in flight fill ccag.proxy.max-body-memory ({} bytes); refusing requests with 529 "
                        + "(raise it together with the heap if this is steady load)", maxBytes);
            }
            throw new ApiException(ApiError.overloaded(
                    "The gateway is at its limit of request bodies in flight; retry shortly", 1));
        }
        return new Reservation(permits, units);
    }

    /**
     * Room for {@code bytes} of something a request may do without (a body's {@code JsonTape}): taken
     * only when free at once and nobody is waiting, so it never delays or refuses a body; null otherwise.
     */
    Reservation tryReserveExtra(long bytes) {
        int units = units(bytes);
        if (units == 0) return Reservation.NONE;
        if (permits.hasQueuedThreads() || !permits.tryAcquire(units)) return null;
        return new Reservation(permits, units);
    }

    /** Whole KiB for {@code bytes} (rounded up), capped at the whole budget. */
    private int units(long bytes) {
        return (int) Math.min(totalUnits, (Math.max(0, bytes) + UNIT - 1) / UNIT);
    }

    long heldBytes() {
        return (long) (totalUnits - permits.availablePermits()) * UNIT;
    }

    /** Room held for one body; closing it (once, any number of calls) gives the room back. */
    static final class Reservation implements AutoCloseable {
        static final Reservation NONE = new Reservation(null, 0);
        private final Semaphore permits;
        private final int units;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Reservation(Semaphore permits, int units) {
            this.permits = permits;
            this.units = units;
        }

        /** The KiB held. */
        int units() {
            return units;
        }

        @Override
        public void close() {
            if (units > 0 && open.compareAndSet(true, false)) permits.release(units);
        }
    }
}
