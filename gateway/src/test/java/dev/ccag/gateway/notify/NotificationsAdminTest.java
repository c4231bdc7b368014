package dev.ccag.gateway.notify;

import static dev.ccag.gateway.admin.AdminHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.admin.TestDatabase;
import dev.ccag.gateway.keys.ApiKeyFormat;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two gateway replicas on one database, configured with a webhook channel through {@code ccag.notify.*}:
 * the same crossing published by both is delivered once, and {@code GET /admin/v1/notifications} shows it
 * with every attempt, to admins only.
 */
abstract class NotificationsAdminTest {
    private static final String SECRET = "whsec-admin-test";

    abstract TestDatabase database();

    @Test
    void twoReplicasDeliverOnceAndAdminsSeeEveryAttempt() throws Exception {
        String url = database().newDatabaseUrl(Files.createTempDirectory("ccag-notify"));
        String adminKey = ApiKeyFormat.generate();
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 1)) {
            String[] settings = {"ccag.notify.initial-backoff=100ms", "ccag.notify.channels[0].name=ops-hook",
                    "ccag.notify.channels[0].type=webhook", "ccag.notify.channels[0].url=" + receiver.url(),
                    "ccag.notify.channels[0].secret=" + SECRET, "ccag.notify.channels[0].events[0]=budget.threshold"};
            try (AdminHarness a = new AdminHarness(url, adminKey, settings); AdminHarness b = new AdminHarness(url, adminKey, settings)) {
                NotificationEvent crossing = new NotificationEvent(NotificationEvent.BUDGET_THRESHOLD, "bud_9/2026-11-01/80",
                        Instant.parse("2026-11-24T10:00:00Z"), Map.of("budget_id", "bud_9"), "80% of the team budget");
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> racers = List.of(a, b, a, b).stream().map(h -> Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    h.gateway.getBean(Notifier.class).publish(crossing);
                })).toList();
                // Filtered out by the channel's event list: stored, never sent.
                a.gateway.getBean(Notifier.class).publish(new NotificationEvent(NotificationEvent.RATELIMIT_STORM, "storm/key_1/1",
                        Instant.parse("2026-11-24T10:01:00Z"), Map.of("key_id", "key_1"), "429 storm"));
                go.countDown();
                for (Thread t : racers) t.join();

                await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received.size() == 1
                        && a.admin("GET", "/admin/v1/notifications?type=budget.threshold", null).path("data").path(0)
                                .path("deliveries").size() == 2);
                Thread.sleep(300);
                assertThat(receiver.received).hasSize(1);
                assertThat(receiver.received.getFirst().signatureValid()).isTrue();

                JsonNode page = b.admin("GET", "/admin/v1/notifications", null);
                assertThat(page.path("data")).hasSize(2);
                JsonNode threshold = b.admin("GET", "/admin/v1/notifications?type=budget.threshold", null).path("data").path(0);
                assertThat(threshold.path("event_id").asString()).isEqualTo(receiver.received.getFirst().eventId());
                assertThat(threshold.path("dedupe_key").asString()).isEqualTo("bud_9/2026-11-01/80");
                assertThat(threshold.path("payload").path("message").asString()).isEqualTo("80% of the team budget");
                assertThat(threshold.path("deliveries").path(0).path("status").asString()).isEqualTo("retrying");
                assertThat(threshold.path("deliveries").path(0).path("http_status").asInt()).isEqualTo(503);
                assertThat(threshold.path("deliveries").path(1).path("status").asString()).isEqualTo("delivered");
                assertThat(threshold.path("deliveries").path(1).path("channel").asString()).isEqualTo("ops-hook");
                JsonNode storm = b.admin("GET", "/admin/v1/notifications?type=ratelimit.storm", null).path("data").path(0);
                assertThat(storm.path("deliveries")).isEmpty();

                JsonNode one = a.admin("GET", "/admin/v1/notifications?limit=1", null);
                assertThat(one.path("data")).hasSize(1);
                JsonNode next = a.admin("GET", "/admin/v1/notifications?limit=1&cursor=" + one.path("next_cursor").asString(), null);
                assertThat(next.path("data").path(0).path("id").asLong()).isLessThan(one.path("data").path(0).path("id").asLong());

                String memberKey = member(a);
                assertThat(a.call("GET", "/admin/v1/notifications", memberKey, null).status()).isEqualTo(403);
            }
        }
    }

    private static String member(AdminHarness h) throws Exception {
        String user = h.admin("POST", "/admin/v1/users", json("email", "m-" + UUID.randomUUID() + "@example.test", "role", "member"))
                .get("id").asString();
        String key = h.admin("POST", "/admin/v1/keys", json("name", "k", "owner_user_id", user)).get("key").asString();
        await().atMost(Duration.ofSeconds(5)).until(() -> h.call("GET", "/admin/v1/me", key, null).status() == 200);
        return key;
    }
}
