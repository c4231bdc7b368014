package dev.ccag.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.admin.AdminHarness;
import dev.ccag.gateway.admin.TestDatabase;
import dev.ccag.gateway.keys.ApiKeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Two gateway replicas on one database and one Redis: a key limited to N requests per minute gets N, not 2N. */
class TwoReplicaRateLimitTest {

    @Test
    void aKeyLimitedToNPerMinuteGetsNAcrossTwoReplicas() throws Exception {
        int n = 5;
        try (RedisServer redis = RedisServer.start()) {
            String db = TestDatabase.H2.newDatabaseUrl(Files.createTempDirectory("ccag-db"));
            String key = ApiKeyFormat.generate();
            String[] props = {"ccag.ratelimit.key.rpm=" + n, "ccag.ratelimit.store=redis", "ccag.ratelimit.redis-url=" + redis.url()};
            try (AdminHarness one = new AdminHarness(db, key, props);
                    AdminHarness two = new AdminHarness(db, key, Path.of(one.gateway.getEnvironment().getProperty("ccag.data-dir")), props)) {
                // all 2n requests inside one minute window
                long msIntoMinute = System.currentTimeMillis() % 60_000;
                if (msIntoMinute > 50_000) Thread.sleep(60_500 - msIntoMinute);
                int ok = 0;
                int limited = 0;
                for (int i = 0; i < 2 * n; i++) {
                    int status = (i % 2 == 0 ? one : two).message(key);
                    if (status == 200) ok++;
                    if (status == 429) limited++;
                }
                assertThat(ok).isEqualTo(n);
                assertThat(limited).isEqualTo(n);
            }
        }
    }
}
