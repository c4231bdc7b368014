package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The ledger's records lose their primary key on the request id, and the database keeps how far it
 * has stored each usage spool, moved in the same transaction as each batch (decision 0016). The key
 * existed only so that a spool replayed after a crash stored no record twice; the stored position
 * does that exactly, and without a second tree per record: on the embedded database the unique
 * index was about a third of the writer's cost per record.
 *
 * <p>Java, not SQL, because the key's constraint has a generated name on H2 ({@code usage_records_pkey}
 * on PostgreSQL): the name is read from the JDBC metadata, which both databases answer alike.
 */
public class V60__ledger_exact_replay_by_spool_position extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(connection.getCatalog(), connection.getSchema(), table(connection))) {
            while (rs.next()) {
                String name = rs.getString("PK_NAME");
                if (name != null && !keys.contains(name)) keys.add(name);
            }
        }
        if (keys.size() != 1) throw new IllegalStateException("usage_records: expected one primary key, found " + keys);
        try (Statement s = connection.createStatement()) {
            s.execute("alter table usage_records drop constraint \"" + keys.getFirst().replace("\"", "\"\"") + "\"");
            s.execute("""
                    create table usage_spool_positions (
                        spool_id    varchar(36) primary key,
                        segment     bigint not null,
                        byte_offset bigint not null,
                        updated_at  timestamp with time zone not null
                    )""");
        }
    }

    /** The table's name as the metadata spells it: lower case on both (H2 runs with DATABASE_TO_LOWER). */
    private static String table(Connection connection) throws SQLException {
        return connection.getMetaData().storesUpperCaseIdentifiers() ? "USAGE_RECORDS" : "usage_records";
    }
}
