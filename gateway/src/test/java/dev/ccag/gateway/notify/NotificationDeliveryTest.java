package dev.ccag.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccag.gateway.admin.TestDatabase;
import dev.ccag.gateway.config.CcagProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The delivery core against a real database, the webhook receiver and the SNS / EventBridge doubles. */
abstract class NotificationDeliveryTest {
    private static final String SECRET = "whsec-test";
    private static final String AKID = "AKIDNOTIFYTEST";
    private static final String AWS_SECRET = "notify-secret-key";

    @TempDir
    Path dir;
    private NotificationStore store;
    private final List<ScheduledExecutorService> executors = new ArrayList<>();
    private final List<QueuedNotifier> notifiers = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    abstract TestDatabase database();

    @BeforeEach
    void migrate() throws Exception {
        DriverManagerDataSource ds = new DriverManagerDataSource(database().newDatabaseUrl(dir));
        Flyway.configure().dataSource(ds).load().migrate();
        store = new NotificationStore(JdbcClient.create(ds));
    }

    @AfterEach
    void stop() {
        notifiers.forEach(QueuedNotifier::stop);
        executors.forEach(ScheduledExecutorService::shutdownNow);
    }

    /** One replica's notifier: its own queue, worker and delivery threads, sharing the database. */
    private QueuedNotifier replica(List<ChannelRoute> routes, int maxAttempts) {
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        executors.add(executor);
        DeliveryWorker worker = new DeliveryWorker(store, new NotificationPayload(JsonMapper.builder().build()), routes, executor,
                new DeliveryWorker.RetryPolicy(maxAttempts, Duration.ofMillis(50), Duration.ofMillis(200)), Clock.systemUTC(), metrics);
        QueuedNotifier notifier = new QueuedNotifier(100, worker::accept, metrics);
        notifier.start();
        notifiers.add(notifier);
        return notifier;
    }

    private static List<ChannelRoute> webhook(WebhookReceiver receiver) {
        return ChannelFactory.routes(List.of(channel("hook", "webhook", receiver.url(), null, List.of())), Clock.systemUTC());
    }

    private static NotifyProperties.Channel channel(String name, String type, String url, String endpoint, List<String> events) {
        return new NotifyProperties.Channel(name, type, events, url, SECRET, Duration.ofSeconds(5),
                "arn:aws:sns:us-east-1:123456789012:ccag-alerts", "ccag-bus", "us-east-1", endpoint,
                new CcagProperties.Credentials("static", null, AKID, AWS_SECRET, null, null, null, "ccag"));
    }

    private static NotificationEvent event(String dedupeKey) {
        return new NotificationEvent(NotificationEvent.BUDGET_THRESHOLD, dedupeKey, Instant.parse("2026-11-24T10:00:00Z"),
                Map.of("budget_id", "bud_1", "threshold", 80), "team budget at 80%");
    }

    @Test
    void racingReplicasDeliverOneDedupeKeyOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 0)) {
            List<QueuedNotifier> replicas = List.of(replica(webhook(receiver), 3), replica(webhook(receiver), 3),
                    replica(webhook(receiver), 3));
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> publishers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                QueuedNotifier n = replicas.get(i % replicas.size());
                publishers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    n.publish(event("bud_1/2026-11-01/80"));
                }));
            }
            go.countDown();
            for (Thread t : publishers) t.join();

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() >= 1);
            // every replica's queue has handled all twelve publishes once eleven were seen as duplicates
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    metrics.counter("ccag.notify.duplicates", "type", NotificationEvent.BUDGET_THRESHOLD).count() >= 11);
            Thread.sleep(300); // a duplicate delivery would have been sent by now
            assertThat(receiver.received).hasSize(1);
            assertThat(receiver.received.getFirst().signatureValid()).isTrue();
            assertThat(store.count("bud_1/2026-11-01/80")).isEqualTo(1);
            assertThat(metrics.counter("ccag.notify.duplicates", "type", NotificationEvent.BUDGET_THRESHOLD).count()).isEqualTo(11);
        }
    }

    @Test
    void webhookFailuresAreRetriedWithBackoffAndEveryAttemptLogged() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 2)) {
            replica(webhook(receiver), 5).publish(event("bud_2/2026-11-01/50"));

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);
            WebhookReceiver.Received got = receiver.received.getFirst();
            assertThat(got.signatureValid()).isTrue();
            JsonNode body = JsonMapper.builder().build().readTree(got.body());
            assertThat(body.path("id").asString()).isEqualTo(got.eventId());
            assertThat(body.path("type").asString()).isEqualTo("budget.threshold");
            assertThat(body.path("dedupe_key").asString()).isEqualTo("bud_2/2026-11-01/50");
            assertThat(body.path("subject").path("threshold").asInt()).isEqualTo(80);

            await().atMost(Duration.ofSeconds(5)).until(() -> store.find(null, null, 10).getFirst().deliveries().size() == 3);
            var view = store.find(null, null, 10).getFirst();
            assertThat(view.eventId()).isEqualTo(got.eventId());
            assertThat(view.deliveries()).extracting(NotificationStore.DeliveryView::status)
                    .containsExactly("retrying", "retrying", "delivered");
            assertThat(view.deliveries()).extracting(NotificationStore.DeliveryView::httpStatus).containsExactly(503, 503, 204);
            assertThat(view.deliveries()).extracting(NotificationStore.DeliveryView::attempt).containsExactly(1, 2, 3);
            assertThat(metrics.counter("ccag.notify.deliveries", "channel", "hook", "outcome", "retrying").count()).isEqualTo(2);
            assertThat(metrics.counter("ccag.notify.deliveries", "channel", "hook", "outcome", "delivered").count()).isEqualTo(1);
        }
    }

    @Test
    void givesUpAfterMaxAttempts() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 100)) {
            replica(webhook(receiver), 3).publish(event("bud_3/2026-11-01/100"));

            await().atMost(Duration.ofSeconds(10)).until(() -> !store.find(null, null, 10).isEmpty()
                    && store.find(null, null, 10).getFirst().deliveries().size() == 3);
            Thread.sleep(400);
            assertThat(receiver.attempts.get()).isEqualTo(3);
            assertThat(store.find(null, null, 10).getFirst().deliveries()).extracting(NotificationStore.DeliveryView::status)
                    .containsExactly("retrying", "retrying", "failed");
        }
    }

    @Test
    void snsAndEventBridgeDoublesReceiveSignedSdkRequests() throws Exception {
        try (SnsDouble sns = new SnsDouble(AKID, AWS_SECRET); EventBridgeDouble events = new EventBridgeDouble(AKID, AWS_SECRET)) {
            List<ChannelRoute> routes = ChannelFactory.routes(List.of(
                    channel("topic", "sns", null, sns.url(), List.of()),
                    // Only blocks go to the bus: the threshold event below must not reach it.
                    channel("bus", "eventbridge", null, events.url(), List.of(NotificationEvent.BUDGET_BLOCKED))), Clock.systemUTC());
            QueuedNotifier notifier = replica(routes, 3);
            notifier.publish(event("bud_4/2026-11-01/80"));
            notifier.publish(new NotificationEvent(NotificationEvent.BUDGET_BLOCKED, "bud_4/2026-11-01/block",
                    Instant.parse("2026-11-24T11:00:00Z"), Map.of("budget_id", "bud_4"), "team budget exhausted"));

            await().atMost(Duration.ofSeconds(15)).until(() -> sns.published.size() == 2 && events.entries.size() == 1);
            assertThat(sns.rejected).isEmpty();
            assertThat(events.rejected).isEmpty();
            assertThat(sns.published).allSatisfy(form -> {
                assertThat(form.get("TopicArn")).isEqualTo("arn:aws:sns:us-east-1:123456789012:ccag-alerts");
                assertThat(form.get("Message")).contains("\"dedupe_key\":\"bud_4/2026-11-01/");
            });
            assertThat(sns.published).extracting(f -> f.get("MessageAttributes.entry.1.Value.StringValue")
                    + "|" + f.get("MessageAttributes.entry.2.Value.StringValue")).anySatisfy(v -> assertThat(v).contains("budget.blocked"));
            JsonNode entry = events.entries.getFirst();
            assertThat(entry.path("Source").asString()).isEqualTo("ccag");
            assertThat(entry.path("DetailType").asString()).isEqualTo("budget.blocked");
            assertThat(entry.path("EventBusName").asString()).isEqualTo("ccag-bus");
            JsonNode detail = JsonMapper.builder().build().readTree(entry.path("Detail").asString());
            assertThat(detail.path("message").asString()).isEqualTo("team budget exhausted");
            await().atMost(Duration.ofSeconds(5)).until(() -> store.find(null, null, 10).stream()
                    .mapToInt(v -> v.deliveries().size()).sum() == 3);
            assertThat(store.find(null, null, 10)).flatExtracting(NotificationStore.NotificationView::deliveries)
                    .extracting(NotificationStore.DeliveryView::status).containsOnly("delivered");
        }
    }

    @Test
    void doublesRejectRequestsSignedWithTheWrongSecret() throws Exception {
        try (SnsDouble sns = new SnsDouble(AKID, "not-the-secret"); EventBridgeDouble events = new EventBridgeDouble(AKID, "not-the-secret")) {
            List<ChannelRoute> routes = ChannelFactory.routes(List.of(channel("topic", "sns", null, sns.url(), List.of()),
                    channel("bus", "eventbridge", null, events.url(), List.of())), Clock.systemUTC());
            replica(routes, 2).publish(event("bud_5/2026-11-01/80"));

            await().atMost(Duration.ofSeconds(15)).until(() -> !store.find(null, null, 10).isEmpty()
                    && store.find(null, null, 10).getFirst().deliveries().size() == 2);
            assertThat(sns.published).isEmpty();
            assertThat(events.entries).isEmpty();
            assertThat(sns.rejected).contains("signature mismatch");
            assertThat(events.rejected).contains("signature mismatch");
            assertThat(store.find(null, null, 10).getFirst().deliveries()).extracting(NotificationStore.DeliveryView::status)
                    .containsOnly("failed");
        }
    }

    @Test
    void snsServerErrorsAreRetriedByTheWorkerOneSdkCallPerAttempt() throws Exception {
        try (SnsDouble sns = new SnsDouble(AKID, AWS_SECRET)) {
            sns.failFirst.set(2);
            replica(ChannelFactory.routes(List.of(channel("topic", "sns", null, sns.url(), List.of())), Clock.systemUTC()), 5)
                    .publish(event("bud_6/2026-11-01/80"));

            await().atMost(Duration.ofSeconds(15)).until(() -> sns.published.size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> store.find(null, null, 10).getFirst().deliveries().size() == 3);
            assertThat(sns.requests.get()).isEqualTo(3);
            assertThat(store.find(null, null, 10).getFirst().deliveries())
                    .extracting(d -> d.status() + " " + d.httpStatus())
                    .containsExactly("retrying 500", "retrying 500", "delivered 200");
            assertThat(store.find(null, null, 10).getFirst().deliveries().getFirst().error()).contains("InternalError");
        }
    }

    @Test
    void retentionDeletesOldEventsWithTheirDeliveries() {
        PayloadFixture f = new PayloadFixture();
        long old = store.claim(event("old"), f.stored(event("old")), Instant.parse("2025-01-01T00:00:00Z")).orElseThrow();
        store.recordAttempt(old, "hook", 1, "delivered", DeliveryResult.ok(204), Instant.parse("2025-01-01T00:00:01Z"));
        long recent = store.claim(event("recent"), f.stored(event("recent")), Instant.parse("2026-11-01T00:00:00Z")).orElseThrow();
        store.recordAttempt(recent, "hook", 1, "delivered", DeliveryResult.ok(204), Instant.parse("2026-11-01T00:00:01Z"));

        assertThat(store.purgeBefore(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo(1);
        assertThat(store.find(null, null, 10)).extracting(NotificationStore.NotificationView::dedupeKey).containsExactly("recent");
        assertThat(store.find(null, null, 10).getFirst().deliveries()).hasSize(1);
        // The key is free again: a later event under it is stored anew.
        assertThat(store.claim(event("old"), f.stored(event("old")), Instant.parse("2026-11-02T00:00:00Z"))).isPresent();
    }

    private static final class PayloadFixture {
        private final NotificationPayload payload = new NotificationPayload(JsonMapper.builder().build());

        String stored(NotificationEvent e) {
            return payload.stored(e);
        }
    }

    @Test
    void aSweepResumesDeliveriesOfAReplicaThatStopped() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 0)) {
            NotificationPayload payloads = new NotificationPayload(JsonMapper.builder().build());
            Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
            // replica 1 stored two events and stopped: one never attempted, one after a failed first attempt
            NotificationEvent never = event("bud_9/2026-11-01/50");
            long neverId = store.claim(never, payloads.stored(never), t0).orElseThrow();
            NotificationEvent retrying = event("bud_9/2026-11-01/80");
            long retryingId = store.claim(retrying, payloads.stored(retrying), t0).orElseThrow();
            store.recordAttempt(retryingId, "hook", 1, "retrying", DeliveryResult.retry(503, "unavailable"), t0);
            // and a third that was delivered: never sent again
            NotificationEvent done = event("bud_9/2026-11-01/100");
            long doneId = store.claim(done, payloads.stored(done), t0).orElseThrow();
            store.recordAttempt(doneId, "hook", 1, "delivered", DeliveryResult.ok(200), t0);

            ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
            executors.add(executor);
            DeliveryWorker survivor = new DeliveryWorker(store, payloads, webhook(receiver), executor,
                    new DeliveryWorker.RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(1)), Clock.systemUTC(), metrics);

            // within the grace period nothing is taken over: the replica may only be slow
            assertThat(survivor.sweep(t0.plusSeconds(30), Duration.ofSeconds(60), Duration.ofDays(1))).isZero();
            assertThat(survivor.sweep(t0.plusSeconds(120), Duration.ofSeconds(60), Duration.ofDays(1))).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 2);
            assertThat(receiver.received).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
            assertThat(receiver.received).extracting(r -> r.body()).anySatisfy(b -> assertThat(b).contains("ntf_" + neverId))
                    .anySatisfy(b -> assertThat(b).contains("ntf_" + retryingId)).noneSatisfy(b -> assertThat(b).contains("ntf_" + doneId));
            // the resumed retry continues the attempt count
            await().atMost(Duration.ofSeconds(10)).until(() -> store.since(t0).stream()
                    .filter(u -> u.id() == retryingId).anyMatch(u -> u.lastAttempts().get("hook").attempt() == 2));
            // both are delivered now: a later sweep has nothing to do
            assertThat(survivor.sweep(t0.plusSeconds(600), Duration.ofSeconds(60), Duration.ofDays(1))).isZero();
        }
    }
}
