package dev.ccag.gateway.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts events without blocking into a bounded queue; one background thread hands them to the
 * delivery worker. A full queue drops the event (counted in {@code ccag.notify.dropped}): a
 * notification is never worth stalling a request for.
 */
public class QueuedNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(QueuedNotifier.class);
    private final BlockingQueue<NotificationEvent> queue;
    private final Consumer<NotificationEvent> worker;
    private final Counter dropped;
    private volatile Thread thread;

    public QueuedNotifier(int capacity, Consumer<NotificationEvent> worker, MeterRegistry metrics) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = worker;
        this.dropped = metrics.counter("ccag.notify.dropped");
    }

    @Override
    public void publish(NotificationEvent event) {
        if (!queue.offer(event)) {
            dropped.increment();
            log.warn("notification queue full; dropped {} {}", event.type(), event.dedupeKey());
        }
    }

    public void start() {
        thread = Thread.ofPlatform().name("ccag-notify").daemon(true).start(this::run);
    }

    public void stop() {
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            NotificationEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                worker.accept(event);
            } catch (RuntimeException e) {
                // The database may be briefly away; the event is lost rather than the thread.
                log.warn("notification {} {} not stored: {}", event.type(), event.dedupeKey(), e.toString());
            }
        }
    }
}
