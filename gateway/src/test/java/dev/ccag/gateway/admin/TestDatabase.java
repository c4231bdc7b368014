package dev.ccag.gateway.admin;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The two databases every database-facing test runs on. PostgreSQL comes from
 * {@code CCAG_TEST_POSTGRES_URL}; without it the PostgreSQL variant is skipped, unless
 * {@code CCAG_REQUIRE_POSTGRES=1}, where it fails. Each call gets a fresh schema, so test classes
 * sharing the server never see each other's rows.
 */
public enum TestDatabase {
    H2, POSTGRES;

    /** A JDBC URL for a new, empty database (H2: a file in {@code dataDir}). */
    public String newDatabaseUrl(Path dataDir) throws Exception {
        if (this == H2) {
            return "jdbc:h2:file:" + dataDir.resolve("ccag-shared") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
        }
        String base = System.getenv("CCAG_TEST_POSTGRES_URL");
        if (base == null || base.isBlank()) {
            if ("1".equals(System.getenv("CCAG_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("CCAG_REQUIRE_POSTGRES=1 but CCAG_TEST_POSTGRES_URL is not set (scripts/test-postgres.sh prints it)");
            }
            Assumptions.abort("CCAG_TEST_POSTGRES_URL not set");
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base)) {
            c.createStatement().execute("create schema " + schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
