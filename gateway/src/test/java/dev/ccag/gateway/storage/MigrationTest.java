package dev.ccag.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.admin.TestDatabase;
import dev.ccag.gateway.keys.ApiKeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one set of migrations on both databases: a fresh database gets every version, a second run is a
 * no-op, and replicas starting at once (several migrations in parallel, each through the gateway's own
 * {@link SerialMigrationStrategy}) end with one schema.
 */
class MigrationTest {
    private static final List<String> TABLES = List.of("users", "teams", "team_members", "api_keys", "audit_log",
            "usage_records", "usage_hourly", "usage_daily", "prices", "job_locks", "pool_endpoints", "pool_routing", "pool_state", "budgets", "notifications", "notification_deliveries");

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void migratesAFreshDatabaseOnceEvenFromConcurrentReplicas(TestDatabase db) throws Exception {
        String url = db.newDatabaseUrl(Files.createTempDirectory("ccag-migration"));
        ExecutorService replicas = Executors.newFixedThreadPool(3);
        List<Future<MigrateResult>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Callable<MigrateResult> migrate = () -> new SerialMigrationStrategy().run(flyway(url));
            runs.add(replicas.submit(migrate));
        }
        int applied = 0;
        for (Future<MigrateResult> run : runs) {
            MigrateResult result = run.get();
            assertThat(result.success).isTrue();
            applied += result.migrationsExecuted;
        }
        replicas.shutdown();
        int versions = flyway(url).info().applied().length;
        assertThat(applied).as("each migration ran exactly once across the replicas").isEqualTo(versions);
        assertThat(versions).isGreaterThanOrEqualTo(3);
        assertThat(flyway(url).info().pending()).isEmpty();
        assertThat(new SerialMigrationStrategy().run(flyway(url)).migrationsExecuted).isZero();

        try (Connection c = DriverManager.getConnection(url, "ccag", "")) {
            for (String table : TABLES) {
                assertThat(columns(c, table)).as(table).isNotEmpty();
            }
            assertThat(columns(c, "api_keys")).contains("key_hash", "display", "previous_hash", "revoked_at", "expires_at");
            assertThat(columns(c, "usage_records")).contains("request_id", "cost_micros", "price_json",
                    "cache_write_5m_tokens", "cache_write_1h_tokens", "web_search_requests", "session_id", "agent_id");
            assertThat(columns(c, "api_keys")).doesNotContain("key", "plaintext", "secret");
        }
    }

    @Test
    void theGatewayMigratesItsEmbeddedDatabaseThroughTheSameStrategy() throws Exception {
        Path data = Files.createTempDirectory("ccag-migration");
        try (AdminHarness gateway = new AdminHarness(null, ApiKeyFormat.generate(), data)) {
            // the lock file exists only if startup migrated through SerialMigrationStrategy
            assertThat(data.resolve("ccag.migrate.lock")).exists();
        }
    }

    private static Flyway flyway(String url) {
        return Flyway.configure().dataSource(url, "ccag", "").locations("classpath:db/migration").load();
    }

    private static List<String> columns(Connection c, String table) throws Exception {
        List<String> names = new ArrayList<>();
        String schema = c.getSchema();
        try (ResultSet rs = c.getMetaData().getColumns(null, schema, table, null)) {
            while (rs.next()) names.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }
}
