package dev.ccag.gateway.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The access log's console appender: the request thread formats its line and queues it; one
 * background thread writes whatever has queued up with a single {@code write} to standard output,
 * then waits {@code lingerMillis} before the next write.
 *
 * <p>Why not logback's AsyncAppender in front of a ConsoleAppender: that pair makes one system call
 * per line and wakes its worker for every line at low load; at several thousand requests a second
 * it was about 6 % of the gateway's CPU. Here a busy gateway makes at most 1000 / lingerMillis
 * writes a second, and a request thread never wakes the writer while it lingers. A line reaches
 * the console at most {@code lingerMillis} (default 5 ms) after it was logged.
 *
 * <p>No line is dropped: when the queue is full the request thread waits, as the AsyncAppender
 * with {@code neverBlock=false} did. {@link #stop()} writes every queued line before it returns.
 * Standard output is looked up at each write, so a redirected {@code System.out} (tests capture
 * it) receives the lines.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final byte[] STOP = new byte[0];
    private static final int MAX_BATCH_BYTES = 256 * 1024;

    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private long lingerMillis = 5;
    private BlockingQueue<byte[]> queue;
    private Thread writer;
    private volatile boolean failed;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setLingerMillis(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder set for the appender named [" + name + "]");
            return;
        }
        if (queueSize < 1 || lingerMillis < 0) {
            addError("queueSize must be at least 1 and lingerMillis not negative in the appender named [" + name + "]");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        writer = Thread.ofPlatform().daemon().name("ccag-access-log").unstarted(this::writeLoop);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line = encoder.encode(event);
        try {
            queue.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ByteArrayOutputStream one = new ByteArrayOutputStream(line.length);
            one.writeBytes(line);
            write(one); // an interrupted caller still gets its line written
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) return;
        super.stop();
        try {
            queue.put(STOP);
            writer.interrupt(); // cut its linger short
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(16 * 1024);
        boolean stopping = false;
        while (!stopping) {
            byte[] line;
            try {
                line = queue.take();
            } catch (InterruptedException e) {
                continue; // only stop() ends the loop, after the queue is written out
            }
            batch.reset();
            while (line != null) {
                if (line == STOP) {
                    stopping = true;
                } else {
                    batch.write(line, 0, line.length);
                }
                line = batch.size() < MAX_BATCH_BYTES && !stopping ? queue.poll() : null;
            }
            if (stopping) { // lines queued after STOP by threads that were already inside append()
                while ((line = queue.poll()) != null) batch.write(line, 0, line.length);
            }
            write(batch);
            if (!stopping && lingerMillis > 0) {
                try {
                    Thread.sleep(lingerMillis);
                } catch (InterruptedException ignored) {
                    // write again at once
                }
            }
        }
    }

    /** One {@code write} call for the whole batch (PrintStream's own buffer is smaller than a line). */
    private void write(ByteArrayOutputStream bytes) {
        if (bytes.size() == 0) return;
        PrintStream out = System.out;
        try {
            bytes.writeTo(out);
        } catch (java.io.IOException impossible) {
            // PrintStream does not throw; it records the error, checked below
        }
        out.flush();
        if (out.checkError() && !failed) {
            failed = true;
            addError("could not write the access log to standard output");
        }
    }
}
