package dev.ccag.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlatformFirstExecutorTest {

    /** Runs a task that reports its thread and then waits for {@code release}. */
    private static CompletableFuture<Thread> submit(PlatformFirstExecutor executor, CountDownLatch release) {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        executor.execute(() -> {
            ran.complete(Thread.currentThread());
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return ran;
    }

    /**
     * Waits until {@code idle} threads of the "test-pool" pool are parked in the hand-off (untimed
     * WAITING; a task's own wait here is timed), so the next task finds one idle.
     */
    private static void awaitIdle(int idle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (countWaiting() < idle) {
            if (System.nanoTime() > deadline) throw new AssertionError("pool threads never became idle");
            Thread.sleep(5);
        }
    }

    private static long countWaiting() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("test-pool-p-") && t.getState() == Thread.State.WAITING)
                .count();
    }

    @Test
    void tasksRunOnPoolThreadsWhileOneIsIdleAndOnVirtualThreadsBeyond() throws Exception {
        try (PlatformFirstExecutor executor = new PlatformFirstExecutor(2, "test-pool")) {
            awaitIdle(2);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                threads.add(submit(executor, release).get(10, TimeUnit.SECONDS));
            }
            release.countDown();
            assertThat(threads.subList(0, 2)).allSatisfy(t -> {
                assertThat(t.isVirtual()).isFalse();
                assertThat(t.getName()).startsWith("test-pool-p-");
            });
            assertThat(threads.get(0)).isNotSameAs(threads.get(1));
            assertThat(threads.subList(2, 4)).allSatisfy(t -> {
                assertThat(t.isVirtual()).isTrue();
                assertThat(t.getName()).startsWith("test-pool-v-");
            });
        }
    }

    @Test
    void moreTasksInFlightThanPoolThreadsSendANewTaskToAVirtualThreadEvenWithAPoolThreadIdle() throws Exception {
        try (PlatformFirstExecutor executor = new PlatformFirstExecutor(2, "test-pool")) {
            awaitIdle(2);
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch rest = new CountDownLatch(1);
            Thread t1 = submit(executor, first).get(10, TimeUnit.SECONDS);
            Thread t2 = submit(executor, rest).get(10, TimeUnit.SECONDS);
            CountDownLatch third = new CountDownLatch(1);
            Thread t3 = submit(executor, third).get(10, TimeUnit.SECONDS);
            assertThat(List.of(t1.isVirtual(), t2.isVirtual(), t3.isVirtual())).containsExactly(false, false, true);
            first.countDown(); // t1's pool thread goes idle; t2 (pool) and t3 (virtual) are still in flight
            awaitIdle(1);
            assertThat(executor.inFlight()).isEqualTo(2);
            Thread t4 = submit(executor, new CountDownLatch(0)).get(10, TimeUnit.SECONDS);
            assertThat(t4.isVirtual()).as("three in flight with a pool of two: virtual").isTrue();
            third.countDown(); // now only t2 is in flight
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (executor.inFlight() > 1) {
                if (System.nanoTime() > deadline) throw new AssertionError("in-flight count never fell to 1: " + executor.inFlight());
                Thread.sleep(5);
            }
            Thread t5 = submit(executor, new CountDownLatch(0)).get(10, TimeUnit.SECONDS);
            assertThat(t5.isVirtual()).as("two in flight with a pool of two: the idle pool thread").isFalse();
            rest.countDown();
        }
    }

    @Test
    void aPoolThreadIsReusedOnceItsTaskIsDone() throws Exception {
        try (PlatformFirstExecutor executor = new PlatformFirstExecutor(1, "test-pool")) {
            awaitIdle(1);
            CountDownLatch done = new CountDownLatch(0);
            Thread first = submit(executor, done).get(10, TimeUnit.SECONDS);
            awaitIdle(1);
            Thread second = submit(executor, done).get(10, TimeUnit.SECONDS);
            assertThat(second).isSameAs(first);
            assertThat(second.isVirtual()).isFalse();
        }
    }

    @Test
    void aFailingTaskLeavesItsThreadInThePoolWithoutItsInterrupt() throws Exception {
        try (PlatformFirstExecutor executor = new PlatformFirstExecutor(1, "test-pool")) {
            awaitIdle(1);
            CompletableFuture<Thread> failed = new CompletableFuture<>();
            executor.execute(() -> {
                failed.complete(Thread.currentThread());
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the task's own failure");
            });
            Thread first = failed.get(10, TimeUnit.SECONDS);
            awaitIdle(1);
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            CompletableFuture<Thread> next = new CompletableFuture<>();
            executor.execute(() -> {
                next.complete(Thread.currentThread());
                interrupted.complete(Thread.currentThread().isInterrupted());
            });
            assertThat(next.get(10, TimeUnit.SECONDS)).isSameAs(first);
            assertThat(interrupted.get(10, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void withoutAPoolEveryTaskRunsVirtual() throws Exception {
        try (PlatformFirstExecutor executor = new PlatformFirstExecutor(0, "test-pool")) {
            assertThat(executor.platformThreads()).isZero();
            Thread t = submit(executor, new CountDownLatch(0)).get(10, TimeUnit.SECONDS);
            assertThat(t.isVirtual()).isTrue();
        }
    }

    @Test
    void afterCloseThePoolThreadsEndAndTasksStillRun() throws Exception {
        PlatformFirstExecutor executor = new PlatformFirstExecutor(2, "test-close");
        executor.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("test-close-p-"))) {
            if (System.nanoTime() > deadline) throw new AssertionError("pool threads still alive after close");
            Thread.sleep(5);
        }
        Thread t = submit(executor, new CountDownLatch(0)).get(10, TimeUnit.SECONDS);
        assertThat(t.isVirtual()).isTrue();
    }

    @Test
    void aNegativePoolSizeIsRefused() {
        assertThatThrownBy(() -> new PlatformFirstExecutor(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerThreadsProperties(-1)).hasMessageContaining("ccag.server.platform-threads");
        assertThatThrownBy(() -> new ServerThreadsProperties(5000)).hasMessageContaining("ccag.server.platform-threads");
    }

    @Test
    void aTaskMovesToAnIdlePoolThreadOnlyWhenOneWaitsAndToAVirtualThreadAlways() throws Exception {
        try (PlatformFirstExecutor executor = new PlatformFirstExecutor(1, "test-pool")) {
            awaitIdle(1);
            CompletableFuture<Thread> onPlatform = new CompletableFuture<>();
            CountDownLatch release = new CountDownLatch(1);
            assertThat(executor.tryPlatform(() -> {
                onPlatform.complete(Thread.currentThread());
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).isTrue();
            assertThat(onPlatform.get(10, TimeUnit.SECONDS).isVirtual()).isFalse();
            assertThat(executor.inFlight()).isEqualTo(1);
            // the one pool thread is busy: nothing waits for a task, so the move is refused and nothing runs
            CompletableFuture<Thread> refused = new CompletableFuture<>();
            assertThat(executor.tryPlatform(() -> refused.complete(Thread.currentThread()))).isFalse();
            assertThat(executor.inFlight()).isEqualTo(1);
            CompletableFuture<Thread> onVirtual = new CompletableFuture<>();
            assertThat(executor.executeVirtual(() -> onVirtual.complete(Thread.currentThread()))).isTrue();
            assertThat(onVirtual.get(10, TimeUnit.SECONDS).isVirtual()).isTrue();
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (executor.inFlight() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(executor.inFlight()).isZero();
            assertThat(refused).isNotDone();
        }
    }
}
