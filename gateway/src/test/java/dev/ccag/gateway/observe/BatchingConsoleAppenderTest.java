package dev.ccag.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final CountingStream counting = new CountingStream();
    private PrintStream original;

    @BeforeEach
    void captureStandardOutput() {
        original = System.out;
        System.setOut(new PrintStream(counting, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardOutput() {
        System.setOut(original);
    }

    @Test
    void writesEveryLineOfEveryThreadInOrderAndStopWritesWhatIsQueued() throws Exception {
        BatchingConsoleAppender appender = appender(8, 1); // a small queue: callers must wait, not drop
        int threads = 8;
        int perThread = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            started.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < perThread; i++) appender.doAppend(event("t" + id + " " + i));
            }));
        }
        go.countDown();
        for (Thread t : started) t.join();
        appender.stop();

        List<String> lines = counting.text().lines().toList();
        assertThat(lines).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + " ";
            List<String> own = lines.stream().filter(l -> l.startsWith(prefix)).toList();
            assertThat(own).hasSize(perThread);
            for (int i = 0; i < perThread; i++) assertThat(own.get(i)).isEqualTo(prefix + i);
        }
    }

    @Test
    void linesLoggedWhileTheWriterLingersGoOutInOneWrite() throws Exception {
        BatchingConsoleAppender appender = appender(8192, 2_000);
        appender.doAppend(event("first"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (counting.writes() == 0 && System.nanoTime() < deadline) Thread.sleep(1);
        assertThat(counting.text()).isEqualTo("first\n");
        assertThat(counting.writes()).isEqualTo(1);

        // the writer now lingers for 2 s: these 100 lines queue up and leave together
        for (int i = 0; i < 100; i++) appender.doAppend(event("line " + i));
        deadline = System.nanoTime() + 10_000_000_000L;
        while (counting.writes() < 2 && System.nanoTime() < deadline) Thread.sleep(1);
        appender.stop();

        assertThat(counting.writes()).isEqualTo(2);
        assertThat(counting.text().lines().skip(1).toList()).hasSize(100).first().isEqualTo("line 0");
    }

    @Test
    void stopWritesQueuedLinesWithoutWaitingForTheLinger() {
        BatchingConsoleAppender appender = appender(8192, 60_000);
        appender.doAppend(event("a"));
        appender.doAppend(event("b"));
        long before = System.nanoTime();
        appender.stop();
        assertThat(counting.text()).isEqualTo("a\nb\n");
        assertThat(System.nanoTime() - before).as("stop interrupts nothing, but must not sit out a 60 s linger")
                .isLessThan(9_000_000_000L);
    }

    @Test
    void refusesToStartWithoutAnEncoder() {
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.start();
        assertThat(appender.isStarted()).isFalse();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anySatisfy(s -> assertThat(s.getMessage()).contains("no encoder"));
    }

    private BatchingConsoleAppender appender(int queueSize, long lingerMillis) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%m%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setLingerMillis(lingerMillis);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        return appender;
    }

    private LoggingEvent event(String message) {
        LoggingEvent e = new LoggingEvent();
        e.setLoggerContext(context);
        e.setLoggerName("ccag.access");
        e.setLevel(Level.INFO);
        e.setMessage(message);
        e.setTimeStamp(System.currentTimeMillis());
        return e;
    }

    /** Standard output as the appender sees it: counts the write calls that reach it. */
    private static final class CountingStream extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int writes;

        @Override
        public synchronized void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }

        synchronized int writes() {
            return writes;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
