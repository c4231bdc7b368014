package dev.ccag.gateway.usage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The two databases CCAG runs on; only the rollup upsert differs between them. */
public enum SqlDialect {
    POSTGRESQL, H2;

    public static SqlDialect of(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            return product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres") ? POSTGRESQL : H2;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database " + e.getMessage(), e);
        }
    }
}
