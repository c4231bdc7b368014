package dev.ccag.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.admin.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code /admin/v1/budgets}: validation as problem+json that changes nothing, roles, and the audit trail. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BudgetApiTest {
    AdminHarness h;
    String teamA, teamB, teamAdminKey, memberKey, memberId, memberKeyId;

    abstract TestDatabase database();

    @BeforeAll
    void start() throws Exception {
        h = AdminHarness.start(database());
        teamA = team();
        teamB = team();
        String teamAdmin = user("team_admin");
        memberId = user("member");
        h.admin("POST", "/admin/v1/teams/" + teamA + "/members", AdminHarness.json("user_id", teamAdmin, "team_role", "admin"));
        h.admin("POST", "/admin/v1/teams/" + teamA + "/members", AdminHarness.json("user_id", memberId, "team_role", "member"));
        teamAdminKey = h.admin("POST", "/admin/v1/keys", AdminHarness.json("name", "k", "owner_user_id", teamAdmin)).get("key").asString();
        JsonNode mk = h.admin("POST", "/admin/v1/keys", AdminHarness.json("name", "k", "owner_user_id", memberId, "team_id", teamA));
        memberKey = mk.get("key").asString();
        memberKeyId = mk.get("api_key").get("id").asString();
        Thread.sleep(1_000); // the keys reach the admin API's key table
    }

    @AfterAll
    void stop() {
        if (h != null) h.close();
    }

    String team() throws Exception {
        return h.admin("POST", "/admin/v1/teams", AdminHarness.json("name", "t-" + UUID.randomUUID())).get("id").asString();
    }

    String user(String role) throws Exception {
        return h.admin("POST", "/admin/v1/users", AdminHarness.json("email", "u-" + UUID.randomUUID() + "@example.test", "role", role))
                .get("id").asString();
    }

    int count() throws Exception {
        return h.admin("GET", "/admin/v1/budgets?limit=1000", null).get("data").size();
    }

    @Test
    void createReadChangeDelete() throws Exception {
        JsonNode b = h.admin("POST", "/admin/v1/budgets", "{\"scope\":\"deployment\",\"period\":\"monthly\",\"limit_usd\":\"2500.50\","
                + "\"time_zone\":\"America/New_York\",\"actions\":[{\"type\":\"notify\",\"at\":50},{\"type\":\"notify\",\"at\":80},"
                + "{\"type\":\"throttle\",\"at\":90,\"rpm\":10},{\"type\":\"block\",\"at\":100}]}");
        String id = b.get("id").asString();
        assertThat(b.get("name").asString()).isEqualTo("monthly deployment");
        assertThat(b.get("limit_micros").asLong()).isEqualTo(2_500_500_000L);
        assertThat(b.get("limit_usd").decimalValue()).isEqualByComparingTo("2500.5");
        assertThat(b.get("time_zone").asString()).isEqualTo("America/New_York");
        assertThat(b.get("actions").toString()).isEqualTo(
                "[{\"type\":\"notify\",\"at\":50},{\"type\":\"notify\",\"at\":80},{\"type\":\"throttle\",\"at\":90,\"rpm\":10},{\"type\":\"block\",\"at\":100}]");
        assertThat(b.get("status").get("state").asString()).isEqualTo("ok");
        assertThat(b.get("status").get("period_start").asString()).endsWith(":00:00Z");

        JsonNode changed = h.admin("PATCH", "/admin/v1/budgets/" + id, "{\"name\":\"org\",\"period\":\"weekly\",\"enabled\":false}");
        assertThat(changed.get("name").asString()).isEqualTo("org");
        assertThat(changed.get("period").asString()).isEqualTo("weekly");
        assertThat(changed.get("enabled").asBoolean()).isFalse();
        assertThat(changed.has("status")).isFalse(); // a disabled budget is not tracked
        assertThat(h.admin("GET", "/admin/v1/budgets/" + id, null).get("name").asString()).isEqualTo("org");

        JsonNode audit = h.admin("GET", "/admin/v1/audit?resource_type=budget&resource_id=" + id, null);
        assertThat(audit.toString()).contains("budget.create").contains("budget.update");
        assertThat(h.call("DELETE", "/admin/v1/budgets/" + id, h.adminKey, null).status()).isEqualTo(204);
        assertThat(h.call("GET", "/admin/v1/budgets/" + id, h.adminKey, null).status()).isEqualTo(404);
        assertThat(h.admin("GET", "/admin/v1/audit?resource_type=budget&resource_id=" + id, null).toString()).contains("budget.delete");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"scope\":\"galaxy\",\"period\":\"daily\",\"limit_usd\":1}",
            "{\"scope\":\"user\",\"period\":\"daily\",\"limit_usd\":1}",
            "{\"scope\":\"user\",\"scope_id\":\"no-such-user\",\"period\":\"daily\",\"limit_usd\":1}",
            "{\"scope\":\"deployment\",\"scope_id\":\"x\",\"period\":\"daily\",\"limit_usd\":1}",
            "{\"scope\":\"deployment\",\"period\":\"hourly\",\"limit_usd\":1}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"time_zone\":\"Mars/Olympus\"}",
            "{\"scope\":\"deployment\",\"period\":\"daily\"}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":-5}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":\"lots\"}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"limit_micros\":1000000}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":0.0000001}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"actions\":[{\"type\":\"throttle\",\"at\":50}]}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"actions\":[{\"type\":\"notify\",\"at\":0}]}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"actions\":[{\"type\":\"explode\",\"at\":50}]}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"actions\":[{\"type\":\"block\",\"at\":90},{\"type\":\"block\",\"at\":100}]}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"actions\":[{\"type\":\"notify\",\"at\":50,\"rpm\":3}]}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"actions\":[{\"type\":\"notify\",\"at\":50,\"when\":\"now\"}]}",
            "{\"scope\":\"deployment\",\"period\":\"daily\",\"limit_usd\":1,\"actions\":{\"type\":\"notify\"}}",
            "[1,2]"})
    void badInputIsAProblemAndCreatesNothing(String body) throws Exception {
        int before = count();
        AdminHarness.Response r = h.call("POST", "/admin/v1/budgets", h.adminKey, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.raw().headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).isNotBlank();
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void teamAdminsManageTheirTeamsBudgetsMembersReadThemOthersAreRefused() throws Exception {
        String own = "{\"scope\":\"team\",\"scope_id\":\"" + teamA + "\",\"period\":\"monthly\",\"limit_usd\":100}";
        AdminHarness.Response created = h.call("POST", "/admin/v1/budgets", teamAdminKey, own);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(h.call("PATCH", "/admin/v1/budgets/" + id, teamAdminKey, "{\"limit_usd\":150}").status()).isEqualTo(200);
        assertThat(h.call("PATCH", "/admin/v1/budgets/" + id, teamAdminKey, "{\"scope\":\"deployment\"}").status()).isEqualTo(400);

        assertThat(h.call("POST", "/admin/v1/budgets", teamAdminKey,
                "{\"scope\":\"team\",\"scope_id\":\"" + teamB + "\",\"period\":\"monthly\",\"limit_usd\":100}").status()).isEqualTo(403);
        assertThat(h.call("POST", "/admin/v1/budgets", teamAdminKey,
                "{\"scope\":\"user\",\"scope_id\":\"" + memberId + "\",\"period\":\"monthly\",\"limit_usd\":100}").status()).isEqualTo(403);
        assertThat(h.call("POST", "/admin/v1/budgets", teamAdminKey,
                "{\"scope\":\"deployment\",\"period\":\"monthly\",\"limit_usd\":100}").status()).isEqualTo(403);

        // a member sees the team's budget, cannot change or delete it, and sees no others
        AdminHarness.Response seen = h.call("GET", "/admin/v1/budgets/" + id, memberKey, null);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().get("limit_usd").decimalValue()).isEqualByComparingTo("150");
        assertThat(h.call("PATCH", "/admin/v1/budgets/" + id, memberKey, "{\"limit_usd\":1000}").status()).isEqualTo(403);
        assertThat(h.call("DELETE", "/admin/v1/budgets/" + id, memberKey, null).status()).isEqualTo(403);
        String keyBudget = h.admin("POST", "/admin/v1/budgets",
                "{\"scope\":\"key\",\"scope_id\":\"" + memberKeyId + "\",\"period\":\"daily\",\"limit_usd\":1}").get("id").asString();
        assertThat(h.call("GET", "/admin/v1/budgets/" + keyBudget, memberKey, null).status()).isEqualTo(403);
        JsonNode list = h.call("GET", "/admin/v1/budgets", memberKey, null).json().get("data");
        assertThat(list.toString()).contains(id).doesNotContain(keyBudget);
        assertThat(h.call("DELETE", "/admin/v1/budgets/" + id, teamAdminKey, null).status()).isEqualTo(204);
    }
}
