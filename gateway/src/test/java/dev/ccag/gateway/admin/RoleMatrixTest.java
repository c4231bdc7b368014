package dev.ccag.gateway.admin;

import static dev.ccag.gateway.admin.AdminHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every admin endpoint x every kind of caller, over real HTTP. The team admin administers team A (so
 * "own team" rows use A, "other team" rows B); the member is in team A and owns the member key;
 * "other" is a member of team B. Resources a call changes are made fresh for that call.
 */
abstract class RoleMatrixTest extends AdminWorldTest {

    record Call(String method, String path, String body) {}

    interface Prepare {
        Call prepare(World w) throws Exception;
    }

    /** Expected statuses for admin, team admin, member; disabled users and no key get 401, service keys 403. */
    record Row(String name, Prepare call, int admin, int teamAdmin, int member) {}

    static Row row(String name, Prepare call, int admin, int teamAdmin, int member) {
        return new Row(name, call, admin, teamAdmin, member);
    }

    static Call get(String path) {
        return new Call("GET", path, null);
    }

    static Call post(String path, String body) {
        return new Call("POST", path, body);
    }

    static Call patch(String path, String body) {
        return new Call("PATCH", path, body);
    }

    static Call delete(String path) {
        return new Call("DELETE", path, null);
    }

    static Call put(String path, String body) {
        return new Call("PUT", path, body);
    }

    static String fresh() {
        return UUID.randomUUID().toString();
    }

    static final String U = "/admin/v1/users/";
    static final String T = "/admin/v1/teams/";
    static final String K = "/admin/v1/keys/";
    static final String E = "/admin/v1/endpoints/";

    static List<Row> table() {
        return List.of(
                row("GET /me", x -> get("/admin/v1/me"), 200, 200, 200),
                row("GET /users", x -> get("/admin/v1/users"), 200, 200, 403),
                row("GET /users/{member of team A}", x -> get(U + x.member), 200, 200, 200),
                row("GET /users/{member of team B}", x -> get(U + x.other), 200, 403, 403),
                row("GET /users/{member of team B}/memberships", x -> get(U + x.other + "/memberships"), 200, 403, 403),
                row("POST /users", x -> post("/admin/v1/users", json("email", fresh() + "@example.test")), 201, 403, 403),
                row("PATCH /users/{member} grant", x -> patch(U + x.member, json("max_tpm", 5_000_000)), 200, 403, 403),
                row("PATCH /users/{member of team B} name", x -> patch(U + x.other, json("display_name", "O")), 200, 403, 403),
                row("POST /users/{fresh}/disable", x -> post(U + x.user("dis", "member") + "/disable", null), 200, 403, 403),
                row("POST /users/{fresh}/enable", x -> post(U + x.user("en", "member") + "/enable", null), 200, 403, 403),
                row("GET /teams", x -> get("/admin/v1/teams"), 200, 200, 200),
                row("GET /teams/{own}", x -> get(T + x.teamA), 200, 200, 200),
                row("GET /teams/{other}", x -> get(T + x.teamB), 200, 403, 403),
                row("POST /teams", x -> post("/admin/v1/teams", json("name", fresh())), 201, 403, 403),
                row("PATCH /teams/{own} description", x -> patch(T + x.teamA, json("description", "d")), 200, 200, 403),
                row("PATCH /teams/{other} description", x -> patch(T + x.teamB, json("description", "d")), 200, 403, 403),
                row("PATCH /teams/{own} allowed_models", x -> patch(T + x.teamA, json("allowed_models", null)), 200, 403, 403),
                row("DELETE /teams/{fresh}", x -> delete(T + x.team("del")), 204, 403, 403),
                row("GET /teams/{own}/members", x -> get(T + x.teamA + "/members"), 200, 200, 200),
                row("GET /teams/{other}/members", x -> get(T + x.teamB + "/members"), 200, 403, 403),
                row("POST /teams/{own}/members", x -> post(T + x.teamA + "/members", json("user_id", x.user("j", "member"))), 201, 201, 403),
                row("POST /teams/{other}/members", x -> post(T + x.teamB + "/members", json("user_id", x.user("j", "member"))), 201, 403, 403),
                row("PATCH /teams/{own}/members/{member}", x -> patch(T + x.teamA + "/members/" + x.member, json("team_role", "member")), 200, 200, 403),
                row("PATCH /teams/{other}/members/{other}", x -> patch(T + x.teamB + "/members/" + x.other, json("team_role", "member")), 200, 403, 403),
                row("DELETE /teams/{own}/members/{fresh}", x -> delete(T + x.teamA + "/members/" + joined(x, x.teamA)), 204, 204, 403),
                row("DELETE /teams/{other}/members/{fresh}", x -> delete(T + x.teamB + "/members/" + joined(x, x.teamB)), 204, 403, 403),
                row("POST /keys personal, own", x -> post("/admin/v1/keys", json("name", "mine")), 201, 201, 201),
                row("POST /keys personal, for someone else", x -> post("/admin/v1/keys", json("name", "k", "owner_user_id", x.other)), 201, 403, 403),
                row("POST /keys service, own team", x -> post("/admin/v1/keys", json("name", "ci", "kind", "service", "team_id", x.teamA)), 201, 201, 403),
                row("POST /keys service, other team", x -> post("/admin/v1/keys", json("name", "ci", "kind", "service", "team_id", x.teamB)), 201, 403, 403),
                row("POST /keys service, no team", x -> post("/admin/v1/keys", json("name", "ci", "kind", "service")), 201, 403, 403),
                row("POST /keys admin kind", x -> post("/admin/v1/keys", json("name", "adm", "kind", "admin")), 201, 403, 403),
                row("GET /keys", x -> get("/admin/v1/keys"), 200, 200, 200),
                row("GET /keys/{member's, team A}", x -> get(K + x.memberKeyId), 200, 200, 200),
                row("GET /keys/{other's, team B}", x -> get(K + x.otherKeyId), 200, 403, 403),
                row("GET /keys/{service, team A}", x -> get(K + x.serviceKeyId), 200, 200, 403),
                row("PATCH /keys/{member's}", x -> patch(K + x.key(x.member, x.teamA)[0], json("name", "n")), 200, 200, 200),
                row("PATCH /keys/{other's}", x -> patch(K + x.key(x.other, x.teamB)[0], json("name", "n")), 200, 403, 403),
                row("POST /keys/{member's}/revoke", x -> post(K + x.key(x.member, x.teamA)[0] + "/revoke", null), 200, 200, 200),
                row("POST /keys/{other's}/revoke", x -> post(K + x.key(x.other, x.teamB)[0] + "/revoke", null), 200, 403, 403),
                row("POST /keys/{member's}/rotate", x -> post(K + x.key(x.member, x.teamA)[0] + "/rotate", json("grace_seconds", 60)), 200, 200, 200),
                row("POST /keys/{other's}/rotate", x -> post(K + x.key(x.other, x.teamB)[0] + "/rotate", json("grace_seconds", 60)), 200, 403, 403),
                row("GET /me/keys", x -> get("/admin/v1/me/keys"), 200, 200, 200),
                row("POST /me/keys", x -> post("/admin/v1/me/keys", json("name", "laptop")), 201, 201, 201),
                row("POST /me/keys/{member's}/revoke", x -> post("/admin/v1/me/keys/" + x.key(x.member, null)[0] + "/revoke", null), 403, 403, 200),
                row("GET /audit", x -> get("/admin/v1/audit"), 200, 403, 403),
                row("GET /endpoints", x -> get("/admin/v1/endpoints"), 200, 403, 403),
                row("GET /endpoints/{from YAML}", x -> get(E + "emulator"), 200, 403, 403),
                row("POST /endpoints", x -> post("/admin/v1/endpoints", endpointJson(x, "e-" + fresh())), 201, 403, 403),
                row("PATCH /endpoints/{fresh}", x -> patch(E + endpoint(x), json("weight", 2)), 200, 403, 403),
                row("POST /endpoints/{fresh}/disable", x -> post(E + endpoint(x) + "/disable", null), 200, 403, 403),
                row("POST /endpoints/{fresh}/enable", x -> post(E + endpoint(x) + "/enable", null), 200, 403, 403),
                row("DELETE /endpoints/{fresh}", x -> delete(E + endpoint(x)), 204, 403, 403),
                row("GET /routing", x -> get("/admin/v1/routing"), 200, 403, 403),
                row("PUT /routing/teams/{own}", x -> put("/admin/v1/routing/teams/" + x.teamA, json("strategy", "sticky")), 200, 403, 403),
                row("PUT /routing/keys/{member's}", x -> put("/admin/v1/routing/keys/" + x.memberKeyId, json("strategy", "sticky")), 200, 403, 403),
                row("DELETE /routing/teams/{fresh override}", x -> delete("/admin/v1/routing/teams/" + routed(x)), 204, 403, 403));
    }

    /** A disabled endpoint on the emulator (loopback), for calls that change one. */
    static String endpointJson(World x, String name) {
        return json("name", name, "region", "us-east-1", "enabled", false, "endpoint_url", x.h.emulator.endpoint().toString(),
                "credentials", java.util.Map.of("type", "static", "access_key_id", x.h.emulator.accessKeyId(),
                        "secret_access_key", x.h.emulator.secretAccessKey()));
    }

    static String endpoint(World x) throws Exception {
        String name = "e-" + fresh();
        x.h.admin("POST", "/admin/v1/endpoints", endpointJson(x, name));
        return name;
    }

    static String routed(World x) throws Exception {
        String team = x.team("routed");
        x.h.admin("PUT", "/admin/v1/routing/teams/" + team, json("strategy", "primary-fallback"));
        return team;
    }

    static String joined(World x, String team) throws Exception {
        String u = x.user("leaver", "member");
        x.join(team, u, "member");
        return u;
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row r : table()) {
            List<Object[]> callers = List.of(
                    new Object[] {"admin", h.adminKey, r.admin()},
                    new Object[] {"team_admin", w.teamAdminKey, r.teamAdmin()},
                    new Object[] {"member", w.memberKey, r.member()},
                    new Object[] {"disabled user", w.disabledKey, 401},
                    new Object[] {"service key", w.serviceKey, 403},
                    new Object[] {"no key", null, 401});
            for (Object[] c : callers) {
                tests.add(DynamicTest.dynamicTest(r.name() + " as " + c[0] + " -> " + c[2], () -> {
                    Call call = r.call().prepare(w);
                    var response = h.call(call.method(), call.path(), (String) c[1], call.body());
                    assertThat(response.status()).as(response.body()).isEqualTo((int) c[2]);
                    if (response.status() >= 400) {
                        assertThat(response.raw().headers().firstValue("content-type")).get().asString().startsWith("application/problem+json");
                    }
                    assertThat(response.raw().headers().firstValue("request-id")).isPresent();
                }));
            }
        }
        return tests.stream();
    }
}
