package dev.ccag.gateway.admin;

import static dev.ccag.gateway.admin.AdminHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.keys.AccountBootstrap;
import dev.ccag.gateway.keys.ApiKeyFormat;
import dev.ccag.gateway.keys.BootstrapKey;
import dev.ccag.gateway.keys.KeyHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two gateways on one database, started at the same moment: one first admin between them, and a key
 * revoked (or a user disabled) through one replica is refused by the other within 5 seconds.
 */
abstract class MultiReplicaTest {
    private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";
    abstract TestDatabase database();

    @Test
    void replicasShareOneAdminAndRefuseRevokedKeysWithinFiveSeconds() throws Exception {
        String url = database().newDatabaseUrl(Files.createTempDirectory("ccag-replicas"));
        String adminKey = ApiKeyFormat.generate();
        AdminHarness a = null;
        AdminHarness b = null;
        // Spring Boot's logging set-up is not safe for two applications starting at once in one JVM;
        // separate processes (real replicas) do not share it.
        System.setProperty(LOGGING_SYSTEM, "none");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<AdminHarness> fa = pool.submit(() -> new AdminHarness(url, adminKey));
            Future<AdminHarness> fb = pool.submit(() -> new AdminHarness(url, adminKey));
            a = fa.get();
            b = fb.get();
        } finally {
            System.clearProperty(LOGGING_SYSTEM);
        }
        try {
            JdbcTemplate db = a.gateway.getBean(JdbcTemplate.class);
            assertThat(db.queryForObject("select count(*) from users", Long.class)).isEqualTo(1);
            assertThat(db.queryForObject("select count(*) from api_keys", Long.class)).isEqualTo(1);
            assertThat(a.call("GET", "/admin/v1/me", adminKey, null).status()).isEqualTo(200);
            assertThat(b.call("GET", "/admin/v1/me", adminKey, null).status()).isEqualTo(200);

            raceForTheFirstAdmin(a, adminKey);

            String user = a.admin("POST", "/admin/v1/users", json("email", "replica@example.test")).get("id").asString();
            JsonNode created = a.admin("POST", "/admin/v1/keys", json("name", "k", "owner_user_id", user));
            String key = created.get("key").asString();
            String keyId = created.get("api_key").get("id").asString();
            final AdminHarness replicaB = b;
            final AdminHarness replicaA = a;
            long known = AdminApiTest.awaitStatus(() -> replicaB.message(key), 200);
            assertThat(known).isLessThan(5000);

            long revokedAt = System.nanoTime();
            a.admin("POST", "/admin/v1/keys/" + keyId + "/revoke", null);
            AdminApiTest.awaitStatus(() -> replicaB.message(key), 401);
            long refusedAfter = (System.nanoTime() - revokedAt) / 1_000_000;
            assertThat(refusedAfter).as("revocation reached the other replica after %d ms", refusedAfter).isLessThan(5000);
            assertThat(a.message(key)).isEqualTo(401);

            String second = a.admin("POST", "/admin/v1/keys", json("name", "k2", "owner_user_id", user)).get("key").asString();
            AdminApiTest.awaitStatus(() -> replicaA.message(second), 200);
            long disabledAt = System.nanoTime();
            b.admin("POST", "/admin/v1/users/" + user + "/disable", null);
            AdminApiTest.awaitStatus(() -> replicaA.message(second), 401);
            long disableAfter = (System.nanoTime() - disabledAt) / 1_000_000;
            assertThat(disableAfter).as("disabling reached the other replica after %d ms", disableAfter).isLessThan(5000);
            System.out.printf("multi-replica (%s): new key usable on the other replica after %d ms, revocation after %d ms, user disable after %d ms%n",
                    database(), known, refusedAfter, disableAfter);
        } finally {
            if (a != null) a.close();
            if (b != null) b.close();
        }
    }

    /** Many bootstraps at once on an empty database (as after a wipe): exactly one admin and one key result. */
    private static void raceForTheFirstAdmin(AdminHarness h, String adminKey) throws Exception {
        JdbcTemplate db = h.gateway.getBean(JdbcTemplate.class);
        db.update("delete from audit_log");
        db.update("delete from api_keys");
        db.update("delete from users");
        AccountBootstrap bootstrap = h.gateway.getBean(AccountBootstrap.class);
        KeyHasher hasher = h.gateway.getBean(KeyHasher.class);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<BootstrapKey>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return bootstrap.ensure(adminKey, Files.createTempDirectory("ccag-race"), "admin@localhost", hasher, false);
                }));
            }
            go.countDown();
            for (Future<BootstrapKey> r : results) {
                assertThat(r.get().hash()).isEqualTo(hasher.hash(adminKey));
            }
        }
        assertThat(db.queryForObject("select count(*) from users", Long.class)).isEqualTo(1);
        assertThat(db.queryForObject("select count(*) from api_keys", Long.class)).isEqualTo(1);
        h.gateway.getBean(dev.ccag.gateway.keys.DatabaseAuthenticator.class).reloadAll();
        assertThat(h.call("GET", "/admin/v1/me", adminKey, null).status()).isEqualTo(200);
    }
}
