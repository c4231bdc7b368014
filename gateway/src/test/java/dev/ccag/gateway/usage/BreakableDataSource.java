package dev.ccag.gateway.usage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** A data source that refuses connections while "down", like a database that is unreachable. */
final class BreakableDataSource extends DelegatingDataSource {
    volatile boolean down;

    BreakableDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) throw new SQLTransientConnectionException("database is down (test)");
        return super.getConnection();
    }
}
