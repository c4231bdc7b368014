package dev.ccag.gateway.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each event (first replica wins the dedupe key) and delivers it to every channel that wants
 * its type, retrying with exponential backoff. Every attempt is written to {@code notification_deliveries}.
 * Retries live in memory: a replica that stops mid-retry leaves the event at its last logged attempt.
 */
public class DeliveryWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private final NotificationStore store;
    private final NotificationPayload payloads;
    private final List<ChannelRoute> routes;
    private final ScheduledExecutorService scheduler;
    private final RetryPolicy retry;
    private final Clock clock;
    private final MeterRegistry metrics;

    public DeliveryWorker(NotificationStore store, NotificationPayload payloads, List<ChannelRoute> routes,
            ScheduledExecutorService scheduler, RetryPolicy retry, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.payloads = payloads;
        this.routes = List.copyOf(routes);
        this.scheduler = scheduler;
        this.retry = retry;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Called by the queue's thread for each published event. */
    public void accept(NotificationEvent event) {
        String stored = payloads.stored(event);
        Optional<Long> id = store.claim(event, stored, clock.instant());
        if (id.isEmpty()) {
            metrics.counter("ccag.notify.duplicates", "type", event.type()).increment();
            return;
        }
        OutgoingNotification out = new OutgoingNotification(id.get(), event.type(),
                payloads.body(OutgoingNotification.eventId(id.get()), stored));
        for (ChannelRoute route : routes) {
            if (route.accepts(event.type())) {
                scheduler.execute(() -> attempt(route, out, 1));
            }
        }
    }

    private void attempt(ChannelRoute route, OutgoingNotification n, int attempt) {
        DeliveryResult result;
        try {
            result = route.channel().deliver(n);
        } catch (RuntimeException e) {
            result = DeliveryResult.retry(null, e.toString());
        }
        boolean again = !result.delivered() && result.retryable() && attempt < retry.maxAttempts();
        String status = result.delivered() ? "delivered" : again ? "retrying" : "failed";
        try {
            store.recordAttempt(n.id(), route.name(), attempt, status, result, clock.instant());
        } catch (RuntimeException e) {
            log.warn("could not log delivery of {} to {}: {}", n.eventId(), route.name(), e.toString());
        }
        metrics.counter("ccag.notify.deliveries", "channel", route.name(), "outcome", status).increment();
        if (again) {
            Duration wait = retry.backoff(attempt);
            scheduler.schedule(() -> attempt(route, n, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } else if (!result.delivered()) {
            log.warn("notification {} to {} failed after {} attempt(s): {} {}", n.eventId(), route.name(), attempt,
                    result.httpStatus(), result.error());
        }
    }

    /** Attempts per channel (the first included) and the exponential backoff between them. */
    public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public Duration backoff(int attemptsSoFar) {
            long factor = 1L << Math.min(attemptsSoFar - 1, 30);
            Duration d = initialBackoff.multipliedBy(factor);
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }
}
