package dev.ccag.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code concurrency} platform threads, each with its own keep-alive connection,
 * send the next request as soon as the previous answer is read. Connections open before the clock
 * starts. Runs either a number of requests or for a duration.
 */
public final class LoadRunner {
    private LoadRunner() {}

    /**
     * @param checkFirst how many responses per worker are checked in full with {@code check}
     *                   (statuses are checked always)
     */
    public static RunResult run(Route route, RequestSource source, int concurrency, Stop stop,
                                ResponseCheck check, int checkFirst) throws InterruptedException {
        Plan plan = Plan.of(route, source, check, checkFirst, stop, concurrency);
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Worker w = new Worker(plan);
            workers.add(w);
            Thread t = Thread.ofPlatform().name("bench-" + route.name() + "-" + i).daemon().start(w);
            threads.add(t);
        }
        return release(plan, concurrency, workers, threads);
    }

    /**
     * What all load threads of one run share: what to send and check, how many requests are left, when
     * to stop, and the start signal (every thread connects first, then all start together).
     */
    record Plan(Route route, RequestSource source, ResponseCheck check, int checkFirst, AtomicLong remaining, Stop stop,
                CountDownLatch ready, CountDownLatch go) {
        static Plan of(Route route, RequestSource source, ResponseCheck check, int checkFirst, Stop stop, int threads) {
            return new Plan(route, source, check, checkFirst, new AtomicLong(stop.requests()), stop,
                    new CountDownLatch(threads), new CountDownLatch(1));
        }

        /** Reports this thread connected, waits for the start, and returns the run's deadline ({@link System#nanoTime}). */
        long awaitStart() throws InterruptedException {
            ready.countDown();
            go.await();
            return stop.nanos() == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + stop.nanos();
        }

        /** Claims the next request of the run; false once the count or the time is used up. */
        boolean take(long deadline) {
            return remaining.getAndDecrement() > 0 && System.nanoTime() < deadline;
        }
    }

    /** What a load thread records; shared by this class's workers and the event loops. */
    abstract static class Recorder {
        final Samples total = new Samples();
        final Samples firstByte = new Samples();
        long errors;
        String firstError;

        void error(String message) {
            errors++;
            if (firstError == null) firstError = message;
        }
    }

    /** Lets the started threads go once all are connected, waits for them, and merges what they recorded. */
    static RunResult release(Plan plan, int concurrency, List<? extends Recorder> parts, List<Thread> threads)
            throws InterruptedException {
        plan.ready().await();
        long start = System.nanoTime();
        plan.go().countDown();
        for (Thread t : threads) t.join();
        long elapsed = System.nanoTime() - start;
        Samples total = new Samples();
        Samples firstByte = new Samples();
        long errors = 0;
        String firstError = null;
        for (Recorder r : parts) {
            total.addAll(r.total);
            firstByte.addAll(r.firstByte);
            errors += r.errors;
            if (firstError == null) firstError = r.firstError;
        }
        return new RunResult(plan.route(), concurrency, total, firstByte, errors, firstError, elapsed);
    }

    /** A way of making closed-loop load: this class's threads, or {@link EventLoopLoadRunner}'s selectors. */
    @FunctionalInterface
    public interface Driver {
        RunResult run(Route route, RequestSource source, int concurrency, Stop stop, ResponseCheck check, int checkFirst)
                throws InterruptedException;
    }

    /** Stop after a number of requests (across all workers) or after a duration, whichever the caller set. */
    public record Stop(long requests, long nanos) {
        public static Stop after(long requests) {
            return new Stop(requests, Long.MAX_VALUE);
        }

        public static Stop forSeconds(double seconds) {
            return new Stop(Long.MAX_VALUE, (long) (seconds * 1e9));
        }
    }

    private static final class Worker extends Recorder implements Runnable {
        private final Plan plan;
        private int checksLeft;

        Worker(Plan plan) {
            this.plan = plan;
            this.checksLeft = plan.checkFirst();
        }

        @Override
        public void run() {
            try (RawHttpConnection conn = new RawHttpConnection(plan.route().host(), plan.route().port())) {
                try {
                    conn.connect();
                } catch (Exception e) {
                    error("connect: " + e);
                }
                long deadline = plan.awaitStart();
                while (plan.take(deadline)) {
                    byte[] request = plan.source().request();
                    try {
                        RawHttpConnection.Response r = conn.exchange(request);
                        if (r.status() != 200) {
                            error("HTTP " + r.status() + ": " + new String(conn.body(), 0, Math.min(conn.body().length, 300)));
                            continue;
                        }
                        if (checksLeft > 0) {
                            checksLeft--;
                            String problem = plan.check().problem(conn.body());
                            if (problem != null) {
                                error(problem);
                                continue;
                            }
                        }
                        total.add(r.totalNanos());
                        firstByte.add(r.firstBodyNanos());
                    } catch (Exception e) {
                        error(e.toString());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What one route did under one load. */
    public record RunResult(Route route, int concurrency, Samples total, Samples firstByte, long errors,
                            String firstError, long elapsedNanos) {
        public double requestsPerSecond() {
            return total.size() / (elapsedNanos / 1e9);
        }
    }
}
