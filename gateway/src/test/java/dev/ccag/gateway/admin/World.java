package dev.ccag.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A small organisation built through the admin API: team A with a team admin and a member, team B
 * with another member, a disabled user, a service key of team A. Keys are plaintext as created.
 */
final class World {
    final AdminHarness h;
    String teamA, teamB;
    String teamAdmin, teamAdminKey;
    String member, memberKey, memberKeyId;
    String other, otherKey, otherKeyId;
    String disabled, disabledKey;
    String serviceKey, serviceKeyId;

    World(AdminHarness h) {
        this.h = h;
    }

    static World build(AdminHarness h) throws Exception {
        World w = new World(h);
        w.teamA = w.team("team-a");
        w.teamB = w.team("team-b");
        w.teamAdmin = w.user("ta", "team_admin");
        w.member = w.user("m", "member");
        w.other = w.user("o", "member");
        w.disabled = w.user("d", "member");
        w.join(w.teamA, w.teamAdmin, "admin");
        w.join(w.teamA, w.member, "member");
        w.join(w.teamB, w.other, "member");
        w.teamAdminKey = w.key(w.teamAdmin, null)[1];
        String[] m = w.key(w.member, w.teamA);
        w.memberKeyId = m[0];
        w.memberKey = m[1];
        String[] o = w.key(w.other, w.teamB);
        w.otherKeyId = o[0];
        w.otherKey = o[1];
        w.disabledKey = w.key(w.disabled, null)[1];
        JsonNode s = h.admin("POST", "/admin/v1/keys", AdminHarness.json("name", "ci", "kind", "service", "team_id", w.teamA));
        w.serviceKeyId = s.get("api_key").get("id").asString();
        w.serviceKey = s.get("key").asString();
        w.awaitKnown(w.disabledKey);
        h.admin("POST", "/admin/v1/users/" + w.disabled + "/disable", null);
        w.awaitKnown(w.teamAdminKey);
        w.awaitKnown(w.memberKey);
        w.awaitKnown(w.otherKey);
        w.awaitKnown(w.serviceKey);
        return w;
    }

    String team(String prefix) throws Exception {
        return h.admin("POST", "/admin/v1/teams", AdminHarness.json("name", prefix + "-" + UUID.randomUUID())).get("id").asString();
    }

    String user(String prefix, String role) throws Exception {
        return h.admin("POST", "/admin/v1/users", AdminHarness.json("email", prefix + "-" + UUID.randomUUID() + "@example.test", "role", role))
                .get("id").asString();
    }

    void join(String team, String user, String teamRole) throws Exception {
        h.admin("POST", "/admin/v1/teams/" + team + "/members", AdminHarness.json("user_id", user, "team_role", teamRole));
    }

    /** Creates a personal key as the admin: {id, plaintext}. */
    String[] key(String owner, String team) throws Exception {
        JsonNode r = h.admin("POST", "/admin/v1/keys", team == null
                ? AdminHarness.json("name", "k", "owner_user_id", owner)
                : AdminHarness.json("name", "k", "owner_user_id", owner, "team_id", team));
        return new String[] {r.get("api_key").get("id").asString(), r.get("key").asString()};
    }

    /** Waits until the key table of the gateway has picked the key up (the refresh runs every 500 ms). */
    void awaitKnown(String key) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status;
        do {
            status = h.call("GET", "/admin/v1/me", key, null).status();
            if (status != 401) return;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(status).as("key never became usable").isNotEqualTo(401);
    }
}
