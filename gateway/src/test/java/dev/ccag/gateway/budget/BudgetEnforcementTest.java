package dev.ccag.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.admin.TestDatabase;
import dev.ccag.gateway.pool.EndpointRegistry;
import dev.ccag.gateway.pricing.PriceBook;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Budgets over real HTTP against the gateway, the emulator and the subclass's database: block,
 * throttle, notify, the headers and error Claude Code receives, reservations under concurrency, and
 * spend that comes from the stored ledger rather than this replica's memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BudgetEnforcementTest {
    static final String SONNET = "claude-sonnet-4-5-20250929";
    AdminHarness h;
    final HttpClient http = HttpClient.newHttpClient();

    abstract TestDatabase database();

    @BeforeAll
    void start() throws Exception {
        h = AdminHarness.start(database(), "ccag.budget.refresh-interval=200ms", "ccag.usage.batch-interval=20ms");
    }

    @AfterAll
    void stop() {
        if (h != null) h.close();
    }

    record Caller(String userId, String keyId, String key) {}

    Caller caller(String teamId) throws Exception {
        String user = h.admin("POST", "/admin/v1/users", AdminHarness.json("email", "b-" + UUID.randomUUID() + "@example.test", "role", "member"))
                .get("id").asString();
        if (teamId != null) {
            h.admin("POST", "/admin/v1/teams/" + teamId + "/members", AdminHarness.json("user_id", user, "team_role", "member"));
        }
        JsonNode k = h.admin("POST", "/admin/v1/keys", teamId == null ? AdminHarness.json("name", "k", "owner_user_id", user)
                : AdminHarness.json("name", "k", "owner_user_id", user, "team_id", teamId));
        Caller c = new Caller(user, k.get("api_key").get("id").asString(), k.get("key").asString());
        long deadline = System.nanoTime() + 5_000_000_000L;
        // model listings are not billed, so the ledger holds only the test's own requests
        while (http.send(HttpRequest.newBuilder(h.base.resolve("/v1/models")).header("x-api-key", c.key()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 401 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return c;
    }

    static String body(String text, boolean stream) {
        return "{\"model\":\"" + SONNET + "\",\"max_tokens\":16,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    HttpResponse<String> send(String key, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(h.base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode budget(String json) throws Exception {
        return h.admin("POST", "/admin/v1/budgets", json);
    }

    long ledgerCost(String keyId) {
        return jdbc().sql("select coalesce(sum(cost_micros), 0) from usage_records where key_id = ?").param(keyId).query(Long.class).single();
    }

    long ledgerCount(String keyId) {
        return jdbc().sql("select count(*) from usage_records where key_id = ? and status = 200").param(keyId).query(Long.class).single();
    }

    JdbcClient jdbc() {
        return h.gateway.getBean(JdbcClient.class);
    }

    void awaitLedger(String keyId, long records) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ledgerCount(keyId) < records && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(ledgerCount(keyId)).isEqualTo(records);
    }

    static JsonNode json(String s) {
        return AdminHarness.JSON.readTree(s);
    }

    @Test
    void anExhaustedBudgetRefusesWith429ThatMustNotBeRetriedNamingBudgetPeriodSpendAndReset() throws Exception {
        Caller c = caller(null);
        JsonNode b = budget("{\"name\":\"tiny daily\",\"scope\":\"key\",\"scope_id\":\"" + c.keyId()
                + "\",\"period\":\"daily\",\"time_zone\":\"Europe/Berlin\",\"limit_micros\":1,\"actions\":[{\"type\":\"block\",\"at\":100}]}");
        assertThat(b.get("status").get("state").asString()).isEqualTo("ok");

        assertThat(send(c.key(), "/v1/messages", body("first", false)).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = send(c.key(), "/v1/messages", body("second", true));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("x-should-retry")).hasValue("false");
        JsonNode error = json(refused.body());
        assertThat(error.get("type").asString()).isEqualTo("error");
        assertThat(error.get("error").get("type").asString()).isEqualTo("rate_limit_error");
        Instant reset = BudgetPeriod.DAILY.windowAt(Instant.now(), ZoneId.of("Europe/Berlin")).end();
        long cost = ledgerCostSoon(c.keyId(), 1);
        assertThat(error.get("error").get("message").asString())
                .contains("'tiny daily'").contains("(key, daily)")
                .contains("has spent " + Money.usd(cost) + " of its $0.00 limit")
                .contains("resets at " + reset);
        long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter).isBetween(1L, Duration.between(Instant.now(), reset).toSeconds() + 1);
        assertThat(refused.headers().firstValue("anthropic-ratelimit-unified-status")).hasValue("rejected");
        assertThat(refused.headers().firstValue("anthropic-ratelimit-unified-5h-status")).hasValue("rejected");
        assertThat(refused.headers().firstValue("anthropic-ratelimit-unified-reset")).hasValue(Long.toString(reset.getEpochSecond()));
        assertThat(h.emulator.requests()).noneMatch(r -> r.body().toString().contains("second"));

        JsonNode status = h.admin("GET", "/admin/v1/budgets/" + b.get("id").asString(), null).get("status");
        assertThat(status.get("state").asString()).isEqualTo("blocked");
        assertThat(status.get("spent_micros").asLong()).isEqualTo(cost);
        assertThat(awaitNotification("budget.blocked", b.get("id").asString()).get("payload").toString()).contains("tiny daily");
        // counting tokens is never budget-blocked
        assertThat(send(c.key(), "/v1/messages/count_tokens", body("count me", false)).statusCode()).isEqualTo(200);

        // an admin raises the limit: admitted again at once on this replica
        h.admin("PATCH", "/admin/v1/budgets/" + b.get("id").asString(), "{\"limit_usd\":100}");
        assertThat(send(c.key(), "/v1/messages", body("third", false)).statusCode()).isEqualTo(200);
    }

    long ledgerCostSoon(String keyId, long records) throws Exception {
        awaitLedger(keyId, records);
        return ledgerCost(keyId);
    }

    JsonNode awaitNotification(String type, String budgetId) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode e : h.admin("GET", "/admin/v1/notifications?type=" + type, null).get("data")) {
                if (e.toString().contains(budgetId)) return e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " notification for budget " + budgetId);
    }

    List<JsonNode> notifications(String type, String budgetId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : h.admin("GET", "/admin/v1/notifications?type=" + type + "&limit=1000", null).get("data")) {
            if (e.toString().contains(budgetId)) out.add(e);
        }
        return out;
    }

    @Test
    void pastTheThrottleThresholdEveryKeyOfTheScopeGetsTheStricterRate() throws Exception {
        Caller c = caller(null);
        budget("{\"name\":\"slow down\",\"scope\":\"user\",\"scope_id\":\"" + c.userId()
                + "\",\"period\":\"monthly\",\"limit_micros\":100,\"actions\":[{\"type\":\"throttle\",\"at\":1,\"rpm\":1}]}");
        long msIntoMinute = System.currentTimeMillis() % 60_000;
        if (msIntoMinute > 50_000) Thread.sleep(60_500 - msIntoMinute);
        HttpResponse<String> first = send(c.key(), "/v1/messages", body("before the throttle", false));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("anthropic-ratelimit-requests-limit")).isEmpty(); // no limit yet
        HttpResponse<String> second = send(c.key(), "/v1/messages", body("throttled but within 1 rpm", false));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("anthropic-ratelimit-requests-limit")).hasValue("1");
        HttpResponse<String> third = send(c.key(), "/v1/messages", body("over the throttle", false));
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("x-should-retry")).isEmpty(); // a throttle is worth waiting for
        assertThat(third.headers().firstValue("retry-after")).isPresent();
        assertThat(json(third.body()).get("error").get("message").asString())
                .contains("throttled by budget 'slow down'").contains("allows 1 requests per minute");
    }

    @Test
    void thresholdsNotifyOncePerPeriodAndTheHeadersCarryTheUtilisation() throws Exception {
        String team = h.admin("POST", "/admin/v1/teams", AdminHarness.json("name", "budget-team-" + UUID.randomUUID())).get("id").asString();
        Caller c = caller(team);
        long limit = 1_000_000;
        JsonNode b = budget("{\"name\":\"team monthly\",\"scope\":\"team\",\"scope_id\":\"" + team + "\",\"period\":\"monthly\","
                + "\"limit_micros\":" + limit + ",\"actions\":[{\"type\":\"notify\",\"at\":1},{\"type\":\"notify\",\"at\":900}]}");
        String id = b.get("id").asString();
        HttpResponse<String> first = send(c.key(), "/v1/messages", body("one", false));
        assertThat(first.statusCode()).isEqualTo(200);
        // before the first request nothing was spent
        assertThat(first.headers().firstValue("anthropic-ratelimit-unified-7d-status")).hasValue("allowed");
        long cost = ledgerCostSoon(c.keyId(), 1);
        // make the spend cross 1%: one request costs well under $0.01, so set the limit just above what was spent
        h.admin("PATCH", "/admin/v1/budgets/" + id, "{\"limit_micros\":" + (cost * 50) + "}");
        HttpResponse<String> second = send(c.key(), "/v1/messages", body("two", true));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("anthropic-ratelimit-unified-status")).hasValue("allowed");
        assertThat(second.headers().firstValue("anthropic-ratelimit-unified-7d-status")).hasValue("allowed_warning");
        assertThat(second.headers().firstValue("anthropic-ratelimit-unified-7d-surpassed-threshold")).hasValue("0.01");
        assertThat(Double.parseDouble(second.headers().firstValue("anthropic-ratelimit-unified-7d-utilization").orElseThrow()))
                .isEqualTo(0.02);
        Instant monthEnd = BudgetPeriod.MONTHLY.windowAt(Instant.now(), ZoneId.of("UTC")).end();
        assertThat(second.headers().firstValue("anthropic-ratelimit-unified-7d-reset")).hasValue(Long.toString(monthEnd.getEpochSecond()));

        JsonNode event = awaitNotification("budget.threshold", id);
        assertThat(event.toString()).contains("team monthly").contains("\"threshold_percent\":1");
        for (int i = 0; i < 3; i++) assertThat(send(c.key(), "/v1/messages", body("more " + i, false)).statusCode()).isEqualTo(200);
        awaitLedger(c.keyId(), 5);
        Thread.sleep(500); // several refreshes re-check the thresholds
        assertThat(notifications("budget.threshold", id)).hasSize(1);
        assertThat(notifications("budget.blocked", id)).isEmpty();
    }

    @Test
    void fiftyConcurrentRequestsOvershootByAtMostOneEstimate() throws Exception {
        Caller c = caller(null);
        String text = "[[emu:text ok]] concurrent";
        // the estimate the gateway reserves for this exact request, from its own price book and endpoint pool
        EndpointRegistry endpoints = h.gateway.getBean(EndpointRegistry.class);
        long estimate = new CostEstimator(h.gateway.getBean(PriceBook.class)).micros(
                endpoints.plan(SONNET, c.userId(), endpoints.strategyFor(c.keyId(), null)).first().model(),
                SONNET, body(text, false).length() / 4, 16);
        long limit = 4 * estimate;
        budget("{\"name\":\"race\",\"scope\":\"key\",\"scope_id\":\"" + c.keyId() + "\",\"period\":\"total\",\"limit_micros\":" + limit
                + ",\"actions\":[{\"type\":\"block\",\"at\":100}]}");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        int ok = 0;
        boolean exhausted = false;
        try {
            for (int wave = 0; wave < 100 && !exhausted; wave++) {
                List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 50; i++) calls.add(() -> send(c.key(), "/v1/messages", body(text, false)));
                for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                    HttpResponse<String> r = f.get();
                    assertThat(r.statusCode()).isIn(200, 429);
                    if (r.statusCode() == 200) ok++;
                    if (r.statusCode() == 429 && r.headers().firstValue("x-should-retry").orElse("").equals("false")) exhausted = true;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(exhausted).as("the budget was spent").isTrue();
        awaitLedger(c.keyId(), ok);
        long spent = ledgerCost(c.keyId());
        long perRequest = spent / ok;
        // without reservations all 50 of the first wave would have run: far past the limit
        assertThat(50 * perRequest).isGreaterThan(limit + estimate);
        assertThat(spent).isGreaterThanOrEqualTo(limit).isLessThanOrEqualTo(limit + estimate);
    }

    @Test
    void spendAlreadyInTheLedgerCountsAndIsNotCountedTwice() throws Exception {
        Caller c = caller(null);
        for (int i = 0; i < 3; i++) assertThat(send(c.key(), "/v1/messages", body("earlier " + i, false)).statusCode()).isEqualTo(200);
        long cost = ledgerCostSoon(c.keyId(), 3);
        // a budget made afterwards knows that spend from the database alone
        JsonNode b = budget("{\"name\":\"after the fact\",\"scope\":\"key\",\"scope_id\":\"" + c.keyId() + "\",\"period\":\"weekly\","
                + "\"limit_micros\":" + cost + ",\"actions\":[{\"type\":\"block\",\"at\":100}]}");
        assertThat(b.get("status").get("spent_micros").asLong()).isEqualTo(cost);
        HttpResponse<String> refused = send(c.key(), "/v1/messages", body("refused", false));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("x-should-retry")).hasValue("false");

        // raised: new spend is pending first, then stored; through several refreshes the total stays exact
        String id = b.get("id").asString();
        h.admin("PATCH", "/admin/v1/budgets/" + id, "{\"limit_micros\":" + (cost * 100) + "}");
        assertThat(send(c.key(), "/v1/messages", body("later", false)).statusCode()).isEqualTo(200);
        long total = ledgerCostSoon(c.keyId(), 4);
        for (int i = 0; i < 10; i++) {
            assertThat(h.admin("GET", "/admin/v1/budgets/" + id, null).get("status").get("spent_micros").asLong()).isEqualTo(total);
            Thread.sleep(100);
        }
    }
}
