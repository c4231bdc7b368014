package dev.ccag.gateway.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each event (first replica wins the dedupe key) and delivers it to every channel that wants
 * its type, retrying with exponential backoff. Every attempt is written to {@code notification_deliveries}.
 * Retries are scheduled in memory; {@link #sweep} picks up, from the delivery log, the deliveries of a
 * replica that stopped before it made them (claimed but never attempted, or a retry that is overdue).
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

    /**
     * Resumes deliveries that their replica did not make: an event stored more than {@code grace} ago
     * with no attempt for a channel that wants it, or whose last attempt asked for a retry that is more
     * than {@code grace} overdue. Run by one replica at a time (under a job lock). A replica that is only
     * slow may then deliver once more; receivers tell repeats apart by the event id.
     *
     * @return the deliveries resumed
     */
    public int sweep(Instant now, Duration grace, Duration lookBack) {
        int resumed = 0;
        for (NotificationStore.Unfinished u : store.since(now.minus(lookBack))) {
            OutgoingNotification out = null;
            for (ChannelRoute route : routes) {
                if (!route.accepts(u.type())) continue;
                NotificationStore.LastAttempt last = u.lastAttempts().get(route.name());
                int next;
                if (last == null) {
                    if (u.createdAt().plus(grace).isAfter(now)) continue;
                    next = 1;
                } else if ("retrying".equals(last.status()) && last.at().plus(retry.backoff(last.attempt())).plus(grace).isBefore(now)) {
                    next = last.attempt() + 1;
                } else {
                    continue;
                }
                if (out == null) {
                    out = new OutgoingNotification(u.id(), u.type(), payloads.body(OutgoingNotification.eventId(u.id()), u.payload()));
                }
                OutgoingNotification n = out;
                log.info("notification {} to {}: resuming at attempt {} (its replica did not make it)", n.eventId(), route.name(), next);
                scheduler.execute(() -> attempt(route, n, next));
                resumed++;
            }
        }
        return resumed;
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
