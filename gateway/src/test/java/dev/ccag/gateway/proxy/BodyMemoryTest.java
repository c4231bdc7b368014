package dev.ccag.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyMemoryTest {
    private static final long KB = 1024;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** One thread per waiter: the common pool may have a single thread on a 2-core machine. */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    @org.junit.jupiter.api.AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private BodyMemory memory(long maxBytes, Duration wait) {
        return new BodyMemory(maxBytes, wait, registry);
    }

    @Test
    void eachBodyCountsTwiceUntilItsReservationIsClosed() throws Exception {
        BodyMemory memory = memory(100 * KB, Duration.ofMillis(50));
        BodyMemory.Reservation a = memory.reserve(30 * KB);
        assertThat(memory.heldBytes()).isEqualTo(60 * KB);
        assertThat(registry.get("ccag.proxy.body.memory").gauge().value()).isEqualTo(60.0 * KB);
        BodyMemory.Reservation b = memory.reserve(20 * KB);
        assertThat(memory.heldBytes()).isEqualTo(100 * KB);
        a.close();
        a.close(); // a second close gives nothing back twice
        assertThat(memory.heldBytes()).isEqualTo(40 * KB);
        b.close();
        assertThat(memory.heldBytes()).isZero();
        assertThat(memory.reserve(0)).isSameAs(BodyMemory.Reservation.NONE);
        assertThat(memory.reserve(1).units()).as("a partial KiB rounds up").isEqualTo(1);
    }

    @Test
    void extraRoomIsTakenOnlyWhenFreeAtOnceAndNobodyWaits() throws Exception {
        BodyMemory memory = memory(100 * KB, Duration.ofSeconds(30));
        BodyMemory.Reservation extra = memory.tryReserveExtra(10 * KB);
        assertThat(extra.units()).as("counted once, not twice as a body").isEqualTo(10);
        assertThat(memory.tryReserveExtra(0)).isSameAs(BodyMemory.Reservation.NONE);
        BodyMemory.Reservation body = memory.reserve(40 * KB);
        assertThat(memory.tryReserveExtra(11 * KB)).as("no room: nothing taken, nothing waited for").isNull();
        assertThat(memory.heldBytes()).isEqualTo(90 * KB);
        assertThat(registry.get("ccag.proxy.overloaded").counter().count()).as("not a refusal").isZero();

        CompletableFuture<BodyMemory.Reservation> waiting = CompletableFuture.supplyAsync(() -> reserve(memory, 10 * KB), threads);
        Thread.sleep(100);
        assertThat(waiting).as("a body of 10 KB needs 20 and waits").isNotDone();
        assertThat(memory.tryReserveExtra(KB)).as("room is free, but a body waits for it first").isNull();
        extra.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS).units()).isEqualTo(20);
        body.close();
        assertThat(memory.heldBytes()).isEqualTo(20 * KB);
    }

    @Test
    void aBodyThatDoesNotFitWaitsThenGets529AndHoldsNothing() throws Exception {
        BodyMemory memory = memory(100 * KB, Duration.ofMillis(200));
        BodyMemory.Reservation held = memory.reserve(40 * KB);
        long start = System.nanoTime();
        assertThatThrownBy(() -> memory.reserve(20 * KB)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().status()).isEqualTo(529);
            assertThat(e.error().type()).isEqualTo("overloaded_error");
            assertThat(e.error().retryAfterSeconds()).isEqualTo(1);
        });
        assertThat(System.nanoTime() - start).as("it waited first").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(memory.heldBytes()).isEqualTo(80 * KB);
        assertThat(registry.get("ccag.proxy.overloaded").counter().count()).isEqualTo(1.0);
        held.close();
        assertThat(memory.heldBytes()).isZero();
    }

    @Test
    void aWaitingBodyIsAdmittedWhenAnotherFinishes() throws Exception {
        BodyMemory memory = memory(100 * KB, Duration.ofSeconds(30));
        BodyMemory.Reservation held = memory.reserve(40 * KB);
        CompletableFuture<BodyMemory.Reservation> waiting = CompletableFuture.supplyAsync(() -> reserve(memory, 40 * KB), threads);
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        held.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS).units()).isEqualTo(80);
        assertThat(registry.get("ccag.proxy.overloaded").counter().count()).isZero();
    }

    @Test
    void smallBodiesArrivingLaterDoNotOvertakeAWaitingLargeOne() throws Exception {
        BodyMemory memory = memory(100 * KB, Duration.ofSeconds(30));
        BodyMemory.Reservation held = memory.reserve(30 * KB); // 60 KB held, 40 KB free
        CompletableFuture<BodyMemory.Reservation> large = CompletableFuture.supplyAsync(() -> reserve(memory, 40 * KB), threads);
        Thread.sleep(100);
        CountDownLatch smallStarted = new CountDownLatch(1);
        CompletableFuture<BodyMemory.Reservation> small = CompletableFuture.supplyAsync(() -> {
            smallStarted.countDown();
            return reserve(memory, 5 * KB); // 10 KB would fit now, but the large body came first
        }, threads);
        smallStarted.await();
        Thread.sleep(100);
        assertThat(small).isNotDone();
        held.close();
        assertThat(large.get(10, TimeUnit.SECONDS).units()).isEqualTo(80);
        assertThat(small.get(10, TimeUnit.SECONDS).units()).isEqualTo(10);
        assertThat(memory.heldBytes()).isEqualTo(90 * KB);
    }

    @Test
    void aBodyLargerThanTheWholeBudgetIsAdmittedAlone() throws Exception {
        BodyMemory memory = memory(100 * KB, Duration.ofMillis(100));
        try (BodyMemory.Reservation huge = memory.reserve(20 * 1024 * KB)) {
            assertThat(huge.units()).isEqualTo(100);
            assertThatThrownBy(() -> memory.reserve(1)).isInstanceOf(ApiException.class);
        }
        assertThat(memory.heldBytes()).isZero();
    }

    @Test
    void aBudgetBelowOneKibibyteIsRefusedAtStart() {
        assertThatThrownBy(() -> memory(1000, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ccag.proxy.max-body-memory");
    }

    private static BodyMemory.Reservation reserve(BodyMemory memory, long bytes) {
        try {
            return memory.reserve(bytes);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
