package dev.ccag.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin API per resource over real HTTP; run on H2 and PostgreSQL by the subclasses. */
abstract class AdminApiTest extends AdminWorldTest {

    private static String json(Object... pairs) {
        return AdminHarness.json(pairs);
    }

    @Test
    void errorsAreProblemDetailsWithARequestId() throws Exception {
        var noKey = h.call("GET", "/admin/v1/users", null, null);
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.raw().headers().firstValue("content-type")).get().asString().startsWith("application/problem+json");
        String requestId = noKey.raw().headers().firstValue("request-id").orElseThrow();
        assertThat(requestId).startsWith("req_");
        assertThat(noKey.json().get("request_id").asString()).isEqualTo(requestId);
        assertThat(noKey.json().get("status").asInt()).isEqualTo(401);
        assertThat(noKey.json().get("title").asString()).isEqualTo("Unauthorized");

        var malformed = h.call("POST", "/admin/v1/teams", h.adminKey, "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.raw().headers().firstValue("content-type")).get().asString().startsWith("application/problem+json");
        assertThat(h.call("GET", "/admin/v1/nothing-here", h.adminKey, null).status()).isEqualTo(404);
        assertThat(h.call("GET", "/admin/v1/nothing-here", h.adminKey, null).json().get("status").asInt()).isEqualTo(404);
        var wrongMethod = h.call("PUT", "/admin/v1/me", h.adminKey, "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("request_id").asString()).startsWith("req_");
        assertThat(h.call("GET", "/admin/v1/users?limit=0", h.adminKey, null).status()).isEqualTo(400);
        assertThat(h.call("GET", "/admin/v1/users?cursor=bogus", h.adminKey, null).status()).isEqualTo(400);
        assertThat(h.call("POST", "/admin/v1/users", h.adminKey, json("email", 42)).json().get("detail").asString()).contains("email");
        assertThat(h.call("GET", "/admin/v1/me", h.adminKey, null).raw().headers().firstValue("request-id")).isPresent();
        var viaApiKeyHeader = h.http.send(java.net.http.HttpRequest.newBuilder(h.base.resolve("/admin/v1/me")).header("x-api-key", w.memberKey).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(viaApiKeyHeader.statusCode()).isEqualTo(200);
        assertThat(h.call("GET", "/admin/v1/me", w.memberKey + "x", null).status()).isEqualTo(401);
    }

    @Test
    void usersAreCreatedWithCaseInsensitiveUniqueEmailsAndPagedByCursor() throws Exception {
        JsonNode u = h.admin("POST", "/admin/v1/users", json("email", "Ada.Lovelace@Example.TEST", "display_name", "Ada", "max_rpm", 10));
        assertThat(u.get("email").asString()).isEqualTo("ada.lovelace@example.test");
        assertThat(u.get("role").asString()).isEqualTo("member");
        assertThat(u.get("active").asBoolean()).isTrue();
        assertThat(u.get("max_rpm").asInt()).isEqualTo(10);
        assertThat(h.call("POST", "/admin/v1/users", h.adminKey, json("email", "ada.LOVELACE@example.test")).status()).isEqualTo(409);
        assertThat(h.call("POST", "/admin/v1/users", h.adminKey, json("email", "x@example.test", "role", "root")).status()).isEqualTo(400);

        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = h.admin("GET", "/admin/v1/users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.get("data").size()).isLessThanOrEqualTo(2);
            page.get("data").forEach(x -> {
                assertThat(seen.add(x.get("id").asString())).isTrue();
                order.add(x.get("id").asString());
            });
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).contains(u.get("id").asString(), w.member, w.teamAdmin);
        assertThat(order).isSorted();
        assertThat(pages).isGreaterThan(2);

        JsonNode patched = h.admin("PATCH", "/admin/v1/users/" + u.get("id").asString(), json("display_name", "Countess", "max_rpm", null));
        assertThat(patched.get("display_name").asString()).isEqualTo("Countess");
        assertThat(patched.has("max_rpm")).isFalse(); // cleared = unlimited (nulls are omitted)
        assertThat(h.admin("GET", "/admin/v1/users/" + u.get("id").asString(), null).get("display_name").asString()).isEqualTo("Countess");
    }

    @Test
    void membersMayRenameThemselvesButNotChangeTheirGrant() throws Exception {
        assertThat(h.call("PATCH", "/admin/v1/users/" + w.member, w.memberKey, json("display_name", "Me")).status()).isEqualTo(200);
        assertThat(h.call("PATCH", "/admin/v1/users/" + w.member, w.memberKey, json("max_rpm", 100000)).status()).isEqualTo(403);
        assertThat(h.call("PATCH", "/admin/v1/users/" + w.member, w.memberKey, json("role", "admin")).status()).isEqualTo(403);
        JsonNode me = h.call("GET", "/admin/v1/me", w.memberKey, null).json();
        assertThat(me.get("user").get("display_name").asString()).isEqualTo("Me");
        assertThat(me.get("memberships").get(0).get("team_id").asString()).isEqualTo(w.teamA);
    }

    @Test
    void theLastActiveAdminCannotBeDemotedOrDisabled() throws Exception {
        String adminId = h.call("GET", "/admin/v1/me", h.adminKey, null).json().get("user").get("id").asString();
        assertThat(h.call("POST", "/admin/v1/users/" + adminId + "/disable", h.adminKey, null).status()).isEqualTo(409);
        assertThat(h.call("PATCH", "/admin/v1/users/" + adminId, h.adminKey, json("role", "member")).status()).isEqualTo(409);
        assertThat(h.call("GET", "/admin/v1/me", h.adminKey, null).status()).isEqualTo(200);
    }

    @Test
    void disablingAUserStopsTheirKeysAndEnablingRestoresThem() throws Exception {
        String u = w.user("dis", "member");
        String key = w.key(u, null)[1];
        w.awaitKnown(key);
        assertThat(h.message(key)).isEqualTo(200);
        h.admin("POST", "/admin/v1/users/" + u + "/disable", null);
        assertThat(awaitStatus(() -> h.message(key), 401)).isLessThan(5000);
        assertThat(h.call("GET", "/admin/v1/me", key, null).status()).isEqualTo(401);
        h.admin("POST", "/admin/v1/users/" + u + "/enable", null);
        assertThat(awaitStatus(() -> h.message(key), 200)).isLessThan(5000);
    }

    @Test
    void teamsAndMemberships() throws Exception {
        JsonNode t = h.admin("POST", "/admin/v1/teams", json("name", "platform", "description", "infra", "allowed_models", List.of("claude-sonnet-*")));
        String id = t.get("id").asString();
        assertThat(t.get("allowed_models").get(0).asString()).isEqualTo("claude-sonnet-*");
        assertThat(h.call("POST", "/admin/v1/teams", h.adminKey, json("name", "platform")).status()).isEqualTo(409);
        assertThat(h.admin("PATCH", "/admin/v1/teams/" + id, json("description", "infrastructure")).get("description").asString()).isEqualTo("infrastructure");

        String u = w.user("tm", "member");
        JsonNode m = h.admin("POST", "/admin/v1/teams/" + id + "/members", json("user_id", u));
        assertThat(m.get("team_role").asString()).isEqualTo("member");
        assertThat(h.call("POST", "/admin/v1/teams/" + id + "/members", h.adminKey, json("user_id", u)).status()).isEqualTo(409);
        assertThat(h.call("POST", "/admin/v1/teams/" + id + "/members", h.adminKey, json("user_id", u, "team_role", "boss")).status()).isEqualTo(400);
        assertThat(h.admin("PATCH", "/admin/v1/teams/" + id + "/members/" + u, json("team_role", "admin")).get("team_role").asString()).isEqualTo("admin");
        assertThat(h.admin("GET", "/admin/v1/teams/" + id + "/members", null).get(0).get("user_id").asString()).isEqualTo(u);
        assertThat(h.admin("GET", "/admin/v1/users/" + u + "/memberships", null).get(0).get("team_id").asString()).isEqualTo(id);

        String keyId = w.key(u, id)[0];
        assertThat(h.call("DELETE", "/admin/v1/teams/" + id, h.adminKey, null).status()).isEqualTo(409);
        h.admin("DELETE", "/admin/v1/teams/" + id + "/members/" + u, null);
        assertThat(h.admin("GET", "/admin/v1/teams/" + id + "/members", null).size()).isZero();
        assertThat(h.admin("GET", "/admin/v1/keys/" + keyId, null).get("revoked_at").asString())
                .as("leaving the team revokes the personal keys attached to it").isNotBlank();

        String empty = w.team("empty");
        assertThat(h.call("DELETE", "/admin/v1/teams/" + empty, h.adminKey, null).status()).isEqualTo(204);
        assertThat(h.call("GET", "/admin/v1/teams/" + empty, h.adminKey, null).status()).isEqualTo(404);
    }

    @Test
    void keyCreationShowsThePlaintextOnceAndTheKeyWorksOnTheProxy() throws Exception {
        var created = h.call("POST", "/admin/v1/me/keys", w.memberKey, json("name", "laptop"));
        assertThat(created.status()).isEqualTo(201);
        String plaintext = created.json().get("key").asString();
        JsonNode key = created.json().get("api_key");
        assertThat(dev.ccag.gateway.keys.ApiKeyFormat.isWellFormed(plaintext)).isTrue();
        assertThat(key.get("display").asString()).startsWith("sk-ccag-").endsWith(plaintext.substring(plaintext.length() - 4));
        assertThat(key.get("owner_user_id").asString()).isEqualTo(w.member);
        assertThat(key.get("kind").asString()).isEqualTo("personal");
        assertThat(key.get("created_by").asString()).isEqualTo(w.member);
        w.awaitKnown(plaintext);
        assertThat(h.message(plaintext)).isEqualTo(200);
        String got = h.call("GET", "/admin/v1/keys/" + key.get("id").asString(), w.memberKey, null).body();
        assertThat(got).doesNotContain(plaintext).contains("\"name\":\"laptop\"");
        assertThat(h.call("GET", "/admin/v1/me/keys", w.memberKey, null).json().get("data").toString()).contains(key.get("id").asString());
        assertThat(h.call("POST", "/admin/v1/me/keys", w.memberKey, json("name", "x", "kind", "service")).status()).isEqualTo(400);
        assertThat(h.call("POST", "/admin/v1/me/keys", w.memberKey, json("name", "x", "team_id", w.teamB)).status()).isEqualTo(403);
        assertThat(h.call("POST", "/admin/v1/me/keys", w.memberKey, json("name", "x", "expires_at", "2001-01-01T00:00:00Z")).status()).isEqualTo(400);
        assertThat(h.call("POST", "/admin/v1/me/keys", w.memberKey, json()).status()).isEqualTo(400);
    }

    @Test
    void keysCannotExceedTheOwnersGrant() throws Exception {
        String u = w.user("granted", "member");
        h.admin("PATCH", "/admin/v1/users/" + u, json("allowed_models", List.of("claude-sonnet-*", "claude-haiku-4-5"), "max_rpm", 60, "max_tpm", 100000));
        String ownKey = w.key(u, null)[1];
        w.awaitKnown(ownKey);
        JsonNode inherited = h.call("POST", "/admin/v1/me/keys", ownKey, json("name", "inherits")).json().get("api_key");
        assertThat(inherited.get("allowed_models").toString()).isEqualTo("[\"claude-sonnet-*\",\"claude-haiku-4-5\"]");
        assertThat(inherited.get("max_rpm").asInt()).isEqualTo(60);
        assertThat(inherited.get("max_tpm").asInt()).isEqualTo(100000);
        JsonNode narrower = h.call("POST", "/admin/v1/me/keys", ownKey,
                json("name", "narrow", "allowed_models", List.of("claude-sonnet-4-5"), "max_rpm", 10)).json().get("api_key");
        assertThat(narrower.get("allowed_models").get(0).asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(narrower.get("max_rpm").asInt()).isEqualTo(10);
        assertThat(h.call("POST", "/admin/v1/me/keys", ownKey, json("name", "x", "allowed_models", List.of("claude-opus-4-1"))).status()).isEqualTo(403);
        assertThat(h.call("POST", "/admin/v1/me/keys", ownKey, json("name", "x", "allowed_models", List.of("claude-*"))).status()).isEqualTo(403);
        assertThat(h.call("POST", "/admin/v1/me/keys", ownKey, json("name", "x", "max_rpm", 61)).status()).isEqualTo(403);
        assertThat(h.call("POST", "/admin/v1/me/keys", ownKey, json("name", "x", "max_tpm", 100001)).status()).isEqualTo(403);
        assertThat(h.call("PATCH", "/admin/v1/keys/" + narrower.get("id").asString(), ownKey, json("max_rpm", 1000)).status()).isEqualTo(403);
        assertThat(h.call("PATCH", "/admin/v1/keys/" + narrower.get("id").asString(), ownKey, json("max_rpm", 20, "name", "renamed")).json()
                .get("name").asString()).isEqualTo("renamed");
        // the grant binds keys made by admins for the user too
        assertThat(h.call("POST", "/admin/v1/keys", h.adminKey, json("name", "x", "owner_user_id", u, "max_rpm", 1000)).status()).isEqualTo(403);
    }

    @Test
    void revocationAndRotationWithGrace() throws Exception {
        String[] k = w.key(w.member, w.teamA);
        w.awaitKnown(k[1]);
        JsonNode rotated = h.call("POST", "/admin/v1/keys/" + k[0] + "/rotate", w.memberKey, json("grace_seconds", 3600)).json();
        String fresh = rotated.get("key").asString();
        assertThat(rotated.get("api_key").get("id").asString()).isEqualTo(k[0]);
        assertThat(rotated.get("api_key").get("previous_expires_at").asString()).isNotBlank();
        assertThat(fresh).isNotEqualTo(k[1]);
        w.awaitKnown(fresh);
        assertThat(h.message(k[1])).isEqualTo(200); // inside the grace period
        assertThat(h.message(fresh)).isEqualTo(200);

        JsonNode again = h.call("POST", "/admin/v1/keys/" + k[0] + "/rotate", w.memberKey, null).json(); // no grace
        String third = again.get("key").asString();
        w.awaitKnown(third);
        assertThat(awaitStatus(() -> h.message(fresh), 401)).isLessThan(5000);
        assertThat(h.message(k[1])).isEqualTo(401);
        assertThat(h.call("POST", "/admin/v1/keys/" + k[0] + "/rotate", w.memberKey, json("grace_seconds", -1)).status()).isEqualTo(400);

        JsonNode revoked = h.call("POST", "/admin/v1/keys/" + k[0] + "/revoke", w.memberKey, null).json();
        assertThat(revoked.get("revoked_at").asString()).isNotBlank();
        assertThat(awaitStatus(() -> h.message(third), 401)).isLessThan(5000);
        assertThat(h.call("POST", "/admin/v1/keys/" + k[0] + "/revoke", w.memberKey, null).status()).isEqualTo(409);
        assertThat(h.call("POST", "/admin/v1/keys/" + k[0] + "/rotate", w.memberKey, null).status()).isEqualTo(409);
    }

    @Test
    void expiredKeysAreRefusedAtLookup() throws Exception {
        String soon = java.time.Instant.now().plusSeconds(2).toString();
        JsonNode r = h.admin("POST", "/admin/v1/keys", json("name", "short", "owner_user_id", w.member, "expires_at", soon));
        String key = r.get("key").asString();
        w.awaitKnown(key);
        assertThat(awaitStatus(() -> h.message(key), 401)).isLessThan(5000);
    }

    @Test
    void serviceKeysCallModelsButNotTheAdminApi() throws Exception {
        assertThat(h.message(w.serviceKey)).isEqualTo(200);
        var r = h.call("GET", "/admin/v1/me", w.serviceKey, null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asString()).contains("service keys");
        JsonNode key = h.admin("GET", "/admin/v1/keys/" + w.serviceKeyId, null);
        assertThat(key.get("kind").asString()).isEqualTo("service");
        assertThat(key.has("owner_user_id")).isFalse();
        assertThat(h.call("POST", "/admin/v1/keys", h.adminKey, json("name", "x", "kind", "service", "owner_user_id", w.member)).status()).isEqualTo(400);
    }

    @Test
    void lastUseIsRecordedInTheBackground() throws Exception {
        String[] k = w.key(w.other, null);
        w.awaitKnown(k[1]);
        assertThat(h.admin("GET", "/admin/v1/keys/" + k[0], null).has("last_used_at")).isFalse();
        h.message(k[1]);
        h.gateway.getBean(dev.ccag.gateway.keys.LastUsedTracker.class).flush();
        assertThat(h.admin("GET", "/admin/v1/keys/" + k[0], null).get("last_used_at").asString()).isNotBlank();
    }

    @Test
    void everyChangeIsAuditedWithBeforeAndAfter() throws Exception {
        String u = w.user("audited", "member");
        h.admin("PATCH", "/admin/v1/users/" + u, json("display_name", "After"));
        JsonNode entries = h.admin("GET", "/admin/v1/audit?resource_type=user&resource_id=" + u, null).get("data");
        assertThat(entries.size()).isEqualTo(2);
        JsonNode update = entries.get(0); // newest first
        assertThat(update.get("action").asString()).isEqualTo("user.update");
        assertThat(update.get("after").get("display_name").asString()).isEqualTo("After");
        assertThat(update.get("before").has("display_name")).isFalse();
        assertThat(update.get("actor_display").asString()).isEqualTo("admin@localhost");
        assertThat(update.get("request_id").asString()).startsWith("req_");
        assertThat(entries.get(1).get("action").asString()).isEqualTo("user.create");
        assertThat(entries.get(1).has("before")).isFalse();

        JsonNode keyAudit = h.admin("GET", "/admin/v1/audit?resource_type=key&resource_id=" + w.memberKeyId, null).get("data");
        assertThat(keyAudit.get(0).get("action").asString()).isEqualTo("key.create");
        assertThat(h.admin("GET", "/admin/v1/audit?since=2999-01-01T00:00:00Z", null).get("data").size()).isZero();
        JsonNode page = h.admin("GET", "/admin/v1/audit?limit=1", null);
        JsonNode next = h.admin("GET", "/admin/v1/audit?limit=1&cursor=" + page.get("next_cursor").asString(), null);
        assertThat(next.get("data").get(0).get("id").asLong()).isLessThan(page.get("data").get(0).get("id").asLong());
        assertThat(h.call("GET", "/admin/v1/audit", w.teamAdminKey, null).status()).isEqualTo(403);
    }

    @Test
    void theFirstAdminWasBootstrappedOnce() throws Exception {
        JsonNode me = h.admin("GET", "/admin/v1/me", null);
        assertThat(me.get("user").get("email").asString()).isEqualTo("admin@localhost");
        assertThat(me.get("user").get("role").asString()).isEqualTo("admin");
        JsonNode keys = h.admin("GET", "/admin/v1/keys?owner_user_id=" + me.get("user").get("id").asString(), null).get("data");
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.get(0).get("kind").asString()).isEqualTo("admin");
        assertThat(keys.get(0).get("display").asString()).endsWith(h.adminKey.substring(h.adminKey.length() - 4));
    }

    interface Status {
        int get() throws Exception;
    }

    /** Milliseconds until {@code call} answers {@code expected}; fails after 6 s. */
    static long awaitStatus(Status call, int expected) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 6_000_000_000L) {
            if (call.get() == expected) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never answered " + expected);
    }
}
