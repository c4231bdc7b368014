package dev.ccag.gateway.notify;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts events without blocking into a bounded queue; a background thread hands them on. */
public class QueuedNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(QueuedNotifier.class);
    private final BlockingQueue<NotificationEvent> queue;
    private volatile Thread worker;

    public QueuedNotifier(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void publish(NotificationEvent event) {
        if (!queue.offer(event)) {
            log.warn("notification queue full; dropped {} {}", event.type(), event.dedupeKey());
        }
    }

    public void start() {
        worker = Thread.ofPlatform().name("ccag-notify").daemon(true).start(this::run);
    }

    public void stop() {
        Thread w = worker;
        if (w != null) w.interrupt();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                NotificationEvent event = queue.take();
                log.info("notification {} {}: {}", event.type(), event.dedupeKey(), event.message());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
