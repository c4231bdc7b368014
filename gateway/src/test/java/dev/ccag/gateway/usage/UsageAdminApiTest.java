package dev.ccag.gateway.usage;

import static dev.ccag.gateway.admin.AdminHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.admin.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The usage and price endpoints of the admin API over HTTP, with the role matrix: team A has a team
 * admin and a member, team B another member; each of them (and the admin) made model calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UsageAdminApiTest {
    AdminHarness h;
    JdbcClient db;
    String teamA, teamB, teamAdmin, member, other;
    String teamAdminKey, memberKey, otherKey;
    String to = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

    abstract TestDatabase database();

    @BeforeAll
    void start() throws Exception {
        h = AdminHarness.start(database(), "ccag.usage.batch-interval=20ms");
        db = JdbcClient.create(h.gateway.getBean(DataSource.class));
        teamA = h.admin("POST", "/admin/v1/teams", json("name", "a-" + UUID.randomUUID())).get("id").asString();
        teamB = h.admin("POST", "/admin/v1/teams", json("name", "b-" + UUID.randomUUID())).get("id").asString();
        teamAdmin = user("team_admin");
        member = user("member");
        other = user("member");
        h.admin("POST", "/admin/v1/teams/" + teamA + "/members", json("user_id", teamAdmin, "team_role", "admin"));
        h.admin("POST", "/admin/v1/teams/" + teamA + "/members", json("user_id", member, "team_role", "member"));
        h.admin("POST", "/admin/v1/teams/" + teamB + "/members", json("user_id", other, "team_role", "member"));
        teamAdminKey = key(teamAdmin, teamA);
        memberKey = key(member, teamA);
        otherKey = key(other, teamB);
        for (String k : List.of(teamAdminKey, memberKey, otherKey)) awaitKnown(k);
        for (String k : List.of(h.adminKey, teamAdminKey, memberKey, memberKey, otherKey)) {
            assertThat(h.message(k)).isEqualTo(200);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (db.sql("select count(*) from usage_records").query(Long.class).single() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(db.sql("select count(*) from usage_records").query(Long.class).single()).isEqualTo(5);
    }

    @AfterAll
    void stop() {
        if (h != null) h.close();
    }

    private String user(String role) throws Exception {
        return h.admin("POST", "/admin/v1/users", json("email", UUID.randomUUID() + "@example.test", "role", role)).get("id").asString();
    }

    private String key(String owner, String team) throws Exception {
        return h.admin("POST", "/admin/v1/keys", json("name", "k", "owner_user_id", owner, "team_id", team)).get("key").asString();
    }

    private void awaitKnown(String key) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (h.call("GET", "/admin/v1/me", key, null).status() == 401 && System.nanoTime() < deadline) Thread.sleep(50);
    }

    private String keyOf(String role) {
        return switch (role) {
            case "admin" -> h.adminKey;
            case "team_admin" -> teamAdminKey;
            default -> memberKey;
        };
    }

    record Row(String name, String method, String path, String body, int admin, int teamAdmin, int member) {}

    @TestFactory
    Stream<DynamicTest> roleMatrix() {
        String price = json("input", 1, "output", 2, "cache_write_5m", 3, "cache_write_1h", 4, "cache_read", 5);
        List<Row> rows = List.of(
                new Row("usage by user", "GET", "/admin/v1/usage?group_by=user", null, 200, 200, 200),
                new Row("usage of own team", "GET", "/admin/v1/usage?team_id=" + teamA, null, 200, 200, 403),
                new Row("usage of another team", "GET", "/admin/v1/usage?team_id=" + teamB, null, 200, 403, 403),
                new Row("usage of another user", "GET", "/admin/v1/usage?user_id=" + other, null, 200, 200, 403),
                new Row("usage records", "GET", "/admin/v1/usage/records", null, 200, 200, 200),
                new Row("usage records of another team", "GET", "/admin/v1/usage/records?team_id=" + teamB, null, 200, 403, 403),
                new Row("usage csv", "GET", "/admin/v1/usage.csv", null, 200, 200, 200),
                new Row("usage csv of another team", "GET", "/admin/v1/usage.csv?team_id=" + teamB, null, 200, 403, 403),
                new Row("prices", "GET", "/admin/v1/prices", null, 200, 200, 200),
                new Row("put price", "PUT", "/admin/v1/prices/matrix-model-%s", price, 200, 403, 403),
                new Row("delete price", "DELETE", "/admin/v1/prices/claude-3-5-haiku-20241022", null, 204, 403, 403));
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows) {
            for (String role : List.of("admin", "team_admin", "member")) {
                int expected = role.equals("admin") ? row.admin : role.equals("team_admin") ? row.teamAdmin : row.member;
                tests.add(DynamicTest.dynamicTest(row.name + " as " + role + " -> " + expected, () -> {
                    if (row.method.equals("DELETE")) {
                        h.admin("PUT", row.path, json("input", 1, "output", 2, "cache_write_5m", 3, "cache_write_1h", 4, "cache_read", 5));
                    }
                    String path = row.path.contains("%s") ? row.path.formatted(UUID.randomUUID()) : row.path;
                    var r = h.call(row.method, path, keyOf(role), row.body);
                    assertThat(r.status()).as(r.body()).isEqualTo(expected);
                    if (expected >= 400) {
                        assertThat(r.raw().headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
                    }
                }));
            }
            tests.add(DynamicTest.dynamicTest(row.name + " without a key -> 401", () ->
                    assertThat(h.call(row.method, row.path.replace("%s", "x"), null, row.body).status()).isEqualTo(401)));
        }
        return tests.stream();
    }

    @Test
    void membersSeeOnlyTheirOwnUsageAndTeamAdminsTheirTeam() throws Exception {
        JsonNode all = h.admin("GET", "/admin/v1/usage?group_by=user&to=" + to, null);
        assertThat(all.get("data")).hasSize(4);
        assertThat(sum(all, "requests")).isEqualTo(5);

        JsonNode mine = h.call("GET", "/admin/v1/usage?group_by=user&to=" + to, memberKey, null).json();
        assertThat(mine.get("data")).hasSize(1);
        assertThat(mine.get("data").get(0).get("group").asString()).isEqualTo(member);
        assertThat(mine.get("data").get(0).get("requests").asLong()).isEqualTo(2);

        JsonNode team = h.call("GET", "/admin/v1/usage?group_by=team&to=" + to, teamAdminKey, null).json();
        assertThat(team.get("data")).hasSize(1);
        assertThat(team.get("data").get(0).get("group").asString()).isEqualTo(teamA);
        assertThat(team.get("data").get(0).get("requests").asLong()).isEqualTo(3);

        JsonNode records = h.call("GET", "/admin/v1/usage/records?limit=1&to=" + to, memberKey, null).json();
        assertThat(records.get("data")).hasSize(1);
        assertThat(records.get("data").get(0).get("user_id").asString()).isEqualTo(member);
        assertThat(records.get("data").get(0).get("price").get("source").asString()).isNotEmpty();
        String cursor = records.get("next_cursor").asString();
        JsonNode next = h.call("GET", "/admin/v1/usage/records?limit=1&to=" + to + "&cursor=" + cursor, memberKey, null).json();
        assertThat(next.get("data")).hasSize(1);
        assertThat(next.get("next_cursor").isNull()).isTrue();
        assertThat(next.get("data").get(0).get("request_id").asString())
                .isNotEqualTo(records.get("data").get(0).get("request_id").asString());

        String csv = h.call("GET", "/admin/v1/usage.csv?to=" + to, memberKey, null).body();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("request_id,occurred_at,key_id,user_id");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).contains(member);
        assertThat(h.call("GET", "/admin/v1/usage.csv?to=" + to, h.adminKey, null).body().split("\r\n")).hasSize(6);
    }

    @Test
    void byDayKeyAndModelAndBadParameters() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode byDay = h.admin("GET", "/admin/v1/usage?group_by=day&to=" + to, null);
        assertThat(byDay.get("granularity").asString()).isEqualTo("day");
        assertThat(byDay.get("data").get(0).get("group").asString()).isEqualTo(today);
        assertThat(h.admin("GET", "/admin/v1/usage?group_by=key&to=" + to, null).get("data")).hasSize(4);
        JsonNode byModel = h.admin("GET", "/admin/v1/usage?group_by=model&to=" + to, null);
        assertThat(byModel.get("data").get(0).get("group").asString()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(byModel.get("data").get(0).get("cost_micros").asLong()).isPositive();
        assertThat(h.call("GET", "/admin/v1/usage?group_by=planet", h.adminKey, null).status()).isEqualTo(400);
        assertThat(h.call("GET", "/admin/v1/usage?from=yesterday", h.adminKey, null).status()).isEqualTo(400);
        assertThat(h.call("GET", "/admin/v1/usage?from=2026-03-02&to=2026-03-01", h.adminKey, null).status()).isEqualTo(400);
        assertThat(h.call("GET", "/admin/v1/usage/records?cursor=bm9wZQ", h.adminKey, null).status()).isEqualTo(400);
    }

    @Test
    void aPriceChangeIsAuditedAndAppliesToNewRecordsOnly() throws Exception {
        String model = "claude-sonnet-4-5-20250929";
        long before = db.sql("select count(*) from usage_records where price_json like '%\"source\":\"db\"%'").query(Long.class).single();
        JsonNode put = h.admin("PUT", "/admin/v1/prices/" + URLEncoder.encode(model, StandardCharsets.UTF_8),
                json("input", 1_000_000, "output", 2_000_000, "cache_write_5m", 1, "cache_write_1h", 1, "cache_read", 1, "web_search", 5));
        assertThat(put.get("source").asString()).isEqualTo("db");
        assertThat(put.get("input").asLong()).isEqualTo(1_000_000);
        assertThat(h.admin("GET", "/admin/v1/prices", null).get("data").get(0).get("model").asString()).isEqualTo(model);
        assertThat(db.sql("select count(*) from audit_log where action = 'price.put' and resource_id = ?")
                .param(model + "@*").query(Long.class).single()).isEqualTo(1);

        assertThat(h.message(memberKey)).isEqualTo(200);
        long deadline = System.nanoTime() + 10_000_000_000L;
        long after;
        do {
            after = db.sql("select count(*) from usage_records where price_json like '%\"source\":\"db\"%'").query(Long.class).single();
            if (after > before) break;
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(after).isEqualTo(before + 1);
        // earlier records keep the list price they were charged
        assertThat(db.sql("select count(*) from usage_records where price_json like '%\"source\":\"list\"%'").query(Long.class).single())
                .isGreaterThanOrEqualTo(5);
        h.admin("DELETE", "/admin/v1/prices/" + model, null);
        assertThat(h.call("DELETE", "/admin/v1/prices/" + model, h.adminKey, null).status()).isEqualTo(404);
        assertThat(h.call("PUT", "/admin/v1/prices/x", h.adminKey, json("input", -1, "output", 1, "cache_write_5m", 1,
                "cache_write_1h", 1, "cache_read", 1)).status()).isEqualTo(400);
        assertThat(h.call("PUT", "/admin/v1/prices/x", h.adminKey, json("input", 1)).status()).isEqualTo(400);
    }

    private static long sum(JsonNode report, String field) {
        long total = 0;
        for (JsonNode row : report.get("data")) total += row.get(field).asLong();
        return total;
    }
}
