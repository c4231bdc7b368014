package dev.ccag.gateway.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * How the gateway runs its Flyway migrations at startup: one instance at a time per database.
 * PostgreSQL needs no help (Flyway holds an advisory lock there). On H2, Flyway's lock is a row
 * lock on its schema-history table, which holds nothing while that table is still empty, so
 * instances starting together on a fresh embedded database could all run V1 and all but one
 * fail. For a local H2 file database the migration therefore runs under a lock on a file beside
 * it, shared by threads and processes alike.
 */
@Component
public class SerialMigrationStrategy implements FlywayMigrationStrategy {

    @Override
    public void migrate(Flyway flyway) {
        run(flyway);
    }

    /** Migrates {@code flyway}'s database, after any other instance migrating the same H2 file. */
    public MigrateResult run(Flyway flyway) {
        return H2DatabaseFile.of(url(flyway))
                .map(db -> MigrationLock.holding(db.migrationLockFile(), flyway::migrate))
                .orElseGet(flyway::migrate);
    }

    // Asked of the driver, as Spring Boot hands Flyway a DataSource, not a URL.
    private static String url(Flyway flyway) {
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection()) {
            return c.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database to migrate: " + e.getMessage(), e);
        }
    }
}
