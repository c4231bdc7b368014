package dev.ccag.gateway.usage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A freshly migrated database for a test: an in-memory H2 in PostgreSQL mode, or a throwaway schema
 * on the PostgreSQL named by {@code CCAG_TEST_POSTGRES_URL}. Without that variable PostgreSQL tests
 * are skipped, unless {@code CCAG_REQUIRE_POSTGRES=1}, in which case they fail.
 */
public final class TestDatabases {
    public static final String POSTGRES_URL = "CCAG_TEST_POSTGRES_URL";

    /** Database kinds for {@code @MethodSource}. */
    public static Stream<String> kinds() {
        return Stream.of("h2", "postgresql");
    }

    /** One migrated database; close drops it. */
    public static final class Db implements AutoCloseable {
        public final String kind;
        public final String url;
        public final HikariDataSource dataSource;
        private final String schema;
        private final String baseUrl;

        private Db(String kind, String url, HikariDataSource dataSource, String schema, String baseUrl) {
            this.kind = kind;
            this.url = url;
            this.dataSource = dataSource;
            this.schema = schema;
            this.baseUrl = baseUrl;
        }

        public JdbcClient jdbc() {
            return JdbcClient.create(dataSource);
        }

        public UsageStore store() {
            return store(dataSource);
        }

        public UsageStore store(DataSource ds) {
            return new UsageStore(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)),
                    kind.equals("postgresql") ? SqlDialect.POSTGRESQL : SqlDialect.H2);
        }

        public long count(String sql, Object... params) {
            return jdbc().sql(sql).params(params).query(Long.class).single();
        }

        @Override
        public void close() throws SQLException {
            dataSource.close();
            if (schema != null) {
                try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                    s.execute("drop schema " + schema + " cascade");
                }
            }
        }
    }

    private TestDatabases() {}

    public static Db create(String kind) throws SQLException {
        return create(kind, null);
    }

    /** A fresh database migrated up to {@code version} (null: all migrations). */
    public static Db create(String kind, String version) throws SQLException {
        return switch (kind) {
            case "h2" -> {
                String url = "jdbc:h2:mem:ccag_" + UUID.randomUUID().toString().replace("-", "")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
                yield migrated(new Db(kind, url, pool(url), null, null), version);
            }
            case "postgresql" -> {
                String base = postgresUrl();
                String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
                try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
                    s.execute("create schema " + schema);
                }
                String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                yield migrated(new Db(kind, url, pool(url), schema, base), version);
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The PostgreSQL URL, or a skipped (or, when required, failed) test. */
    public static String postgresUrl() {
        String url = System.getenv(POSTGRES_URL);
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("CCAG_REQUIRE_POSTGRES"))) {
                Assertions.fail(POSTGRES_URL + " is not set but CCAG_REQUIRE_POSTGRES=1 (start one with scripts/test-postgres.sh)");
            }
            Assumptions.abort(POSTGRES_URL + " is not set: PostgreSQL tests skipped");
        }
        return url;
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    private static Db migrated(Db db, String version) {
        var config = Flyway.configure().dataSource(db.dataSource).locations("classpath:db/migration");
        if (version != null) config.target(version);
        config.load().migrate();
        return db;
    }

    /** Applies the remaining migrations. */
    public static void migrate(Db db) {
        Flyway.configure().dataSource(db.dataSource).locations("classpath:db/migration").load().migrate();
    }
}
