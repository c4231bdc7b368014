package dev.ccag.gateway.pricing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Operator price overrides in the {@code prices} table. */
public final class PriceRepository {
    private final JdbcClient jdbc;

    public PriceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PriceEntry> all() {
        return jdbc.sql("select * from prices order by model, profile_prefix").query(PriceRepository::entry).list();
    }

    public Optional<PriceEntry> find(String model, String profilePrefix) {
        return jdbc.sql("select * from prices where model = ? and profile_prefix = ?")
                .params(model, profilePrefix).query(PriceRepository::entry).optional();
    }

    /** Insert or replace; the caller's transaction covers it (and its audit entry). */
    public void save(PriceEntry e, String updatedBy, OffsetDateTime now) {
        Price p = e.price();
        int updated = jdbc.sql("""
                update prices set input_micros = ?, output_micros = ?, cache_write_5m_micros = ?, cache_write_1h_micros = ?,
                  cache_read_micros = ?, web_search_micros = ?, updated_at = ?, updated_by = ?
                where model = ? and profile_prefix = ?""")
                .params(p.input(), p.output(), p.cacheWrite5m(), p.cacheWrite1h(), p.cacheRead(), p.webSearch(), now, updatedBy,
                        e.model(), e.profilePrefix())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into prices (model, profile_prefix, input_micros, output_micros, cache_write_5m_micros,
                      cache_write_1h_micros, cache_read_micros, web_search_micros, updated_at, updated_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(e.model(), e.profilePrefix(), p.input(), p.output(), p.cacheWrite5m(), p.cacheWrite1h(),
                            p.cacheRead(), p.webSearch(), now, updatedBy)
                    .update();
        }
    }

    public boolean delete(String model, String profilePrefix) {
        return jdbc.sql("delete from prices where model = ? and profile_prefix = ?").params(model, profilePrefix).update() > 0;
    }

    private static PriceEntry entry(ResultSet rs, int row) throws SQLException {
        return new PriceEntry(rs.getString("model"), rs.getString("profile_prefix"), new Price(
                rs.getLong("input_micros"), rs.getLong("output_micros"), rs.getLong("cache_write_5m_micros"),
                rs.getLong("cache_write_1h_micros"), rs.getLong("cache_read_micros"), rs.getLong("web_search_micros")));
    }
}
