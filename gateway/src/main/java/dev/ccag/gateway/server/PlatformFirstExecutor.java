package dev.ccag.gateway.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task on an idle thread of a small pool of platform threads while few tasks are in flight,
 * and on a new virtual thread otherwise.
 *
 * <p>Why: a platform thread blocked in a socket read is woken by the kernel when the bytes arrive.
 * A virtual thread's read parks it instead; the JDK's poller thread is woken first and then unparks
 * the virtual thread onto a carrier, two wake-ups where one does, and on a machine with few cores
 * each wake-up can wait for a core. The pool serves the common case (a handful of requests at a time)
 * on platform threads; beyond it every request runs on a virtual thread as before, so thousands of
 * concurrent streams still cost virtual threads, not thousands of platform stacks. A long stream
 * keeps the pool thread it landed on for its life; the next request then simply runs virtual.
 *
 * <p>Only while at most as many tasks are in flight as the pool has threads: under load virtual
 * threads are the cheaper kind (a carrier switches to the next ready one without entering the
 * kernel, and one poller wake-up readies many), and platform threads mixed in with busy carriers
 * cost throughput. Measured with a pool of 2 used whenever a thread was idle: 11–16 % fewer requests
 * per second at concurrency 64 (BENCHMARKS.md, session 9).
 *
 * <p>The hand-off is a {@link SynchronousQueue}: {@code offer} succeeds only when a pool thread is
 * already waiting in {@code take}, so a task never waits in a queue behind another.
 */
public final class PlatformFirstExecutor implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlatformFirstExecutor.class);

    private final SynchronousQueue<Runnable> handoff = new SynchronousQueue<>();
    private final ThreadFactory virtualThreads;
    private final List<Thread> pool;
    /** Tasks started and not yet finished, on either kind of thread. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param platformThreads size of the platform-thread pool (0: every task on a virtual thread)
     * @param namePrefix prefix of the threads' names; pool threads are {@code prefix-p-N}, virtual ones {@code prefix-v-N}
     */
    public PlatformFirstExecutor(int platformThreads, String namePrefix) {
        if (platformThreads < 0) throw new IllegalArgumentException("platformThreads must be 0 or more");
        this.virtualThreads = Thread.ofVirtual().name(namePrefix + "-v-", 0).factory();
        ThreadFactory platform = Thread.ofPlatform().daemon(true).name(namePrefix + "-p-", 0).factory();
        List<Thread> threads = new ArrayList<>(platformThreads);
        for (int i = 0; i < platformThreads; i++) {
            Thread t = platform.newThread(this::work);
            threads.add(t);
            t.start();
        }
        this.pool = List.copyOf(threads);
    }

    @Override
    public void execute(Runnable task) {
        if (task == null) throw new NullPointerException("task");
        int busy = inFlight.incrementAndGet();
        if (!closed && busy <= pool.size() && handoff.offer(task)) return;
        try {
            startVirtual(task);
        } catch (RuntimeException | Error e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    /**
     * Runs the task on an idle pool thread if one is waiting right now; false (and nothing run) when
     * none is. A task that moves itself between thread kinds (a front-end connection between two
     * requests) ends on its old thread as it starts on the new one, so the count stays right.
     */
    public boolean tryPlatform(Runnable task) {
        if (closed) return false;
        inFlight.incrementAndGet();
        if (handoff.offer(task)) return true;
        inFlight.decrementAndGet();
        return false;
    }

    /** Runs the task on a new virtual thread; true once started. */
    public boolean executeVirtual(Runnable task) {
        inFlight.incrementAndGet();
        try {
            startVirtual(task);
            return true;
        } catch (RuntimeException | Error e) {
            inFlight.decrementAndGet();
            return false;
        }
    }

    /** Starts the task, already counted in flight, on a new virtual thread that uncounts it when done. */
    private void startVirtual(Runnable task) {
        virtualThreads.newThread(() -> {
            try {
                task.run();
            } finally {
                inFlight.decrementAndGet();
            }
        }).start();
    }

    private void work() {
        while (!closed) {
            Runnable task;
            try {
                task = handoff.take();
            } catch (InterruptedException e) {
                continue; // close() interrupts to end the wait; the loop condition decides
            }
            try {
                task.run();
            } catch (Throwable t) {
                // the task's own failure; the thread goes back to the pool, as a thread pool's worker would be replaced
                log.error("request thread: uncaught exception", t);
            } finally {
                inFlight.decrementAndGet();
            }
            Thread.interrupted(); // a task's interrupt must not reach the next task
        }
    }

    /** Tasks in flight now, on either kind of thread. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Platform threads in the pool (for metrics and tests). */
    public int platformThreads() {
        return pool.size();
    }

    /** Ends the pool threads once their current task is done; later tasks run on virtual threads. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : pool) {
            t.interrupt();
        }
    }
}
