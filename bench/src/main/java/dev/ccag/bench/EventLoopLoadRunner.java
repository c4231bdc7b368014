package dev.ccag.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed-loop load for the throughput workloads, the way wrk makes it: a few event-loop threads (one
 * per core, at most), each driving its share of the keep-alive connections with a selector, every
 * connection sending its next request as soon as the previous answer is in.
 *
 * <p>Why not a thread per connection ({@link LoadRunner}): on this 2-core machine the load generator
 * shares the CPU with the servers it measures, and 64 blocking threads cost it about 0.045 ms of CPU
 * per request, as much as nginx spends on the request, and more the slower the server answers (each
 * answer wakes one sleeping thread). An event loop reads many answers per wake-up, so it takes about
 * half that and leaves the rest to the routes under test. Latency is timed per request from just
 * before its write to the read that completed its answer, as in the blocking client.
 */
public final class EventLoopLoadRunner {
    private static final long READ_TIMEOUT_NANOS = 120_000_000_000L;

    private EventLoopLoadRunner() {}

    /** As {@link LoadRunner#run}; {@code checkFirst} responses per connection are checked in full. */
    public static LoadRunner.RunResult run(Route route, RequestSource source, int concurrency, LoadRunner.Stop stop,
                                           ResponseCheck check, int checkFirst) throws InterruptedException {
        int loops = Math.max(1, Math.min(concurrency, Math.min(2, Runtime.getRuntime().availableProcessors())));
        LoadRunner.Plan plan = LoadRunner.Plan.of(route, source, check, checkFirst, stop, loops);
        List<Loop> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            int connections = concurrency / loops + (i < concurrency % loops ? 1 : 0);
            Loop loop = new Loop(plan, connections);
            all.add(loop);
            threads.add(Thread.ofPlatform().name("bench-" + route.name() + "-loop-" + i).daemon().start(loop));
        }
        return LoadRunner.release(plan, concurrency, all, threads);
    }

    /** One connection's state between the loop's wake-ups. */
    private static final class Conn {
        final SocketChannel channel;
        final ResponseAssembler response = new ResponseAssembler();
        ByteBuffer pending;
        long sentAt;
        long firstByteAt;
        int checksLeft;
        boolean busy;

        Conn(SocketChannel channel, int checks) {
            this.channel = channel;
            this.checksLeft = checks;
        }
    }

    private static final class Loop extends LoadRunner.Recorder implements Runnable {
        private final LoadRunner.Plan plan;
        private final int connections;
        private long deadline;
        private int busy;

        Loop(LoadRunner.Plan plan, int connections) {
            this.plan = plan;
            this.connections = connections;
        }

        @Override
        public void run() {
            List<Conn> conns = new ArrayList<>();
            try (Selector selector = Selector.open()) {
                try {
                    for (int i = 0; i < connections; i++) {
                        SocketChannel ch = SocketChannel.open();
                        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        ch.connect(new InetSocketAddress(plan.route().host(), plan.route().port()));
                        ch.configureBlocking(false);
                        Conn c = new Conn(ch, plan.checkFirst());
                        ch.register(selector, SelectionKey.OP_READ, c);
                        conns.add(c);
                    }
                } catch (IOException e) {
                    error("connect: " + e);
                }
                deadline = plan.awaitStart();
                for (Conn c : conns) next(selector, c);
                while (busy > 0) {
                    selector.select(1000);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Conn c = (Conn) key.attachment();
                        if (!key.isValid()) continue;
                        try {
                            if (key.isWritable()) write(key, c);
                            if (key.isValid() && key.isReadable()) read(selector, key, c);
                        } catch (IOException e) {
                            fail(key, c, e.toString());
                        }
                    }
                    selector.selectedKeys().clear();
                    long now = System.nanoTime();
                    for (SelectionKey key : selector.keys()) {
                        Conn c = (Conn) key.attachment();
                        if (c.busy && now - c.sentAt > READ_TIMEOUT_NANOS) fail(key, c, "no answer within 120 s");
                    }
                }
            } catch (IOException e) {
                error("selector: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                for (Conn c : conns) {
                    try {
                        c.channel.close();
                    } catch (IOException ignored) {
                        // closing after the run; nothing to report
                    }
                }
            }
        }

        /** Sends the connection's next request, or leaves it idle once the run is over. */
        private void next(Selector selector, Conn c) throws IOException {
            if (!c.channel.isOpen() || !plan.take(deadline)) return;
            c.response.reset();
            c.pending = ByteBuffer.wrap(plan.source().request());
            c.busy = true;
            busy++;
            c.firstByteAt = 0;
            c.sentAt = System.nanoTime();
            SelectionKey key = c.channel.keyFor(selector);
            try {
                write(key, c);
            } catch (IOException e) {
                fail(key, c, e.toString());
            }
        }

        private void write(SelectionKey key, Conn c) throws IOException {
            while (c.pending.hasRemaining()) {
                if (c.channel.write(c.pending) == 0) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void read(Selector selector, SelectionKey key, Conn c) throws IOException {
            while (true) {
                byte[] space = c.response.space();
                int at = c.response.size();
                int n = c.channel.read(ByteBuffer.wrap(space, at, space.length - at));
                if (n == 0) return;
                if (n < 0) throw new IOException(c.busy ? "connection closed mid-response" : "connection closed by the server");
                if (!c.busy) throw new IOException("bytes arrived with no request outstanding");
                if (c.firstByteAt == 0) c.firstByteAt = System.nanoTime();
                if (c.response.added(n)) {
                    done(selector, c, System.nanoTime());
                    return;
                }
            }
        }

        private void done(Selector selector, Conn c, long end) throws IOException {
            c.busy = false;
            busy--;
            boolean ok = true;
            if (c.response.status() != 200) {
                byte[] body = c.response.body();
                error("HTTP " + c.response.status() + ": " + new String(body, 0, Math.min(body.length, 300)));
                ok = false;
            } else if (c.checksLeft > 0) {
                c.checksLeft--;
                String problem = plan.check().problem(c.response.body());
                if (problem != null) {
                    error(problem);
                    ok = false;
                }
            }
            if (ok) {
                total.add(end - c.sentAt);
                firstByte.add(c.firstByteAt - c.sentAt);
            }
            next(selector, c);
        }

        private void fail(SelectionKey key, Conn c, String message) {
            error(message);
            if (c.busy) {
                c.busy = false;
                busy--;
            }
            key.cancel();
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // already failed; the error is counted
            }
        }
    }
}
