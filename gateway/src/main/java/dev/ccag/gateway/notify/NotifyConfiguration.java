package dev.ccag.gateway.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import dev.ccag.gateway.usage.JobLock;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Notifications: the queue every replica publishes into and the worker that delivers to the channels. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
public class NotifyConfiguration {

    @Bean
    NotificationStore notificationStore(JdbcClient jdbc) {
        return new NotificationStore(jdbc);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService notificationDeliveries() {
        // Two threads: one slow webhook must not hold back every other channel's retries.
        return Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("ccag-notify-delivery-", 0).daemon(true).factory());
    }

    @Bean
    DeliveryWorker deliveryWorker(NotificationStore store, NotifyProperties props,
            ScheduledExecutorService notificationDeliveries, MeterRegistry metrics) {
        List<ChannelRoute> routes = ChannelFactory.routes(props.channels(), Clock.systemUTC());
        return new DeliveryWorker(store, new NotificationPayload(JsonMapper.builder().build()), routes, notificationDeliveries,
                new DeliveryWorker.RetryPolicy(props.maxAttempts(), props.initialBackoff(), props.maxBackoff()),
                Clock.systemUTC(), metrics);
    }

    /** Hourly purge of old events; harmless when several replicas run it. */
    @Bean
    ScheduledFuture<?> notificationRetention(NotificationStore store, NotifyProperties props, ScheduledExecutorService notificationDeliveries) {
        return notificationDeliveries.scheduleWithFixedDelay(() -> {
            try {
                store.purgeBefore(Instant.now().minus(props.retention()));
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(NotifyConfiguration.class).warn("notification retention failed: {}", e.toString());
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    /** One replica at a time resumes the deliveries of replicas that stopped before making them. */
    @Bean
    ScheduledFuture<?> notificationSweep(DeliveryWorker worker, NotifyProperties props, JdbcClient jdbc,
            ScheduledExecutorService notificationDeliveries) {
        JobLock lock = new JobLock(jdbc, Clock.systemUTC(), "notify-" + java.util.UUID.randomUUID());
        long every = Math.max(1, props.sweepInterval().toMillis());
        return notificationDeliveries.scheduleWithFixedDelay(() -> {
            try {
                if (lock.tryAcquire("notification-sweep", props.sweepInterval().multipliedBy(2))) {
                    worker.sweep(Instant.now(), props.sweepGrace(), props.maxBackoff().multipliedBy(props.maxAttempts()).plusDays(1));
                }
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(NotifyConfiguration.class).warn("notification sweep failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    QueuedNotifier notifier(NotifyProperties props, DeliveryWorker worker, MeterRegistry metrics) {
        return new QueuedNotifier(props.queueCapacity(), worker::accept, metrics);
    }

    /** For the admission path (rate limits): one {@code ratelimit.storm} event per key and window. */
    @Bean
    RateLimitStormDetector rateLimitStormDetector(Notifier notifier, NotifyProperties props) {
        return new RateLimitStormDetector(notifier, props.stormThreshold(), props.stormWindow());
    }
}
