package dev.ccag.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The embedded database a gateway opens when no database is configured. */
class ZeroConfigDatabaseTest {

    @Test
    void theEmbeddedDatabaseKeepsASmallPageCacheAndWritesEachCommit() throws Exception {
        try (AdminHarness gateway = new AdminHarness(null, "sk-ccag-test-key-0123456789abcdefghij")) {
            JdbcTemplate jdbc = gateway.gateway.getBean(JdbcTemplate.class);
            // H2's default is 16 MB; the ledger's written pages would churn through it (decision 0013)
            assertThat(setting(jdbc, "info.CACHE_MAX_SIZE")).isEqualTo("2");
            assertThat(setting(jdbc, "WRITE_DELAY")).isEqualTo("0");
            assertThat(jdbc.queryForObject("select database_path()", String.class))
                    .as("a file in the data dir, not an in-memory database").endsWith("ccag");
        }
    }

    private static String setting(JdbcTemplate jdbc, String name) {
        return jdbc.queryForObject("select setting_value from information_schema.settings where setting_name = ?", String.class, name);
    }
}
