package dev.ccag.gateway.admin;

import static dev.ccag.gateway.admin.AdminHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Key plaintext is shown once, in the create/rotate response, and nowhere else: not in any column of
 * any table, not in the application's log output (at DEBUG, including Spring MVC's), not in any later
 * API response. Hashes do not leave the database either.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class SecretLeakTest {
    abstract TestDatabase database();

    @Test
    void plaintextKeysAppearOnlyInTheResponseThatCreatedThem(CapturedOutput output) throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (AdminHarness h = AdminHarness.start(database(),
                "logging.level.dev.ccag=DEBUG", "logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.jdbc=DEBUG")) {
            secrets.add(h.adminKey);
            World w = World.build(h);
            secrets.addAll(List.of(w.teamAdminKey, w.memberKey, w.otherKey, w.disabledKey, w.serviceKey));
            JsonNode mine = h.call("POST", "/admin/v1/me/keys", w.memberKey, json("name", "laptop")).json();
            secrets.add(mine.get("key").asString());
            ids.add(mine.get("api_key").get("id").asString());
            JsonNode rotated = h.call("POST", "/admin/v1/keys/" + w.memberKeyId + "/rotate", w.memberKey, json("grace_seconds", 600)).json();
            secrets.add(rotated.get("key").asString());
            w.awaitKnown(rotated.get("key").asString());
            for (String s : secrets) {
                h.message(s); // through the proxy too: success and refusal paths both log
            }
            h.call("GET", "/admin/v1/me", secrets.getLast(), null);
            h.call("GET", "/admin/v1/me", w.memberKey + "x", null);

            List<String> hashes = h.gateway.getBean(JdbcTemplate.class).queryForList(
                    "select key_hash from api_keys union all select previous_hash from api_keys where previous_hash is not null", String.class);
            assertThat(hashes).hasSizeGreaterThanOrEqualTo(secrets.size());

            StringBuilder responses = new StringBuilder();
            for (String path : List.of("/admin/v1/keys?limit=1000", "/admin/v1/users?limit=1000", "/admin/v1/teams", "/admin/v1/audit?limit=1000",
                    "/admin/v1/me", "/admin/v1/me/keys", "/admin/v1/keys/" + w.memberKeyId, "/admin/v1/keys/" + ids.getFirst(),
                    "/admin/v1/audit?resource_type=key&resource_id=" + w.memberKeyId)) {
                var r = h.call("GET", path, h.adminKey, null);
                assertThat(r.status()).isEqualTo(200);
                responses.append(r.body());
            }
            responses.append(h.call("GET", "/admin/v1/me/keys", w.memberKey, null).body());
            assertThat(responses.toString()).contains(w.memberKeyId).contains("key.rotate");
            for (String secret : secrets) {
                assertThat(responses.toString()).doesNotContain(secret).doesNotContain(body(secret));
            }
            for (String hash : hashes) {
                assertThat(responses.toString()).doesNotContain(hash);
            }

            Map<String, Integer> scanned = new TreeMap<>();
            String everything = dumpDatabase(h.gateway.getBean(DataSource.class), scanned);
            assertThat(scanned).containsKeys("api_keys", "users", "audit_log", "teams", "team_members");
            assertThat(scanned.get("api_keys")).isGreaterThanOrEqualTo(7);
            assertThat(scanned.get("audit_log")).isGreaterThan(10);
            for (String secret : secrets) {
                assertThat(everything).doesNotContain(secret).doesNotContain(body(secret));
            }
        }
        // the access log is written by an async appender: wait until its lines have reached the console
        long deadline = System.currentTimeMillis() + 5_000;
        while (!output.getAll().contains("ccag.access") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        String logs = output.getAll();
        assertThat(logs).contains("created the first admin").contains("/admin/v1/keys") // the capture did see the app's log
                .contains("ccag.access"); // ... and the proxy's access log
        for (String secret : secrets) {
            assertThat(logs).doesNotContain(secret).doesNotContain(body(secret));
        }
    }

    /** The random part without the recognisable prefix, in case something logs a key in pieces. */
    private static String body(String key) {
        return key.substring(dev.ccag.gateway.keys.ApiKeyFormat.PREFIX.length(), key.length() - 6);
    }

    /** Every column of every row of every table in the gateway's schema, as text. */
    static String dumpDatabase(DataSource dataSource, Map<String, Integer> rowsPerTable) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", null)) {
                while (rs.next()) {
                    String type = rs.getString("TABLE_TYPE");
                    if (type != null && type.toUpperCase().contains("TABLE") && !type.toUpperCase().contains("SYSTEM")) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            for (String table : tables) {
                int rows = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from \"" + table + "\"")) {
                    ResultSetMetaData columns = rs.getMetaData();
                    while (rs.next()) {
                        rows++;
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            all.append(rs.getString(i)).append('\n');
                        }
                    }
                }
                rowsPerTable.put(table.toLowerCase(), rows);
            }
        }
        return all.toString();
    }
}
