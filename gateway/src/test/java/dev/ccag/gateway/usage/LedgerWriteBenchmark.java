package dev.ccag.gateway.usage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ccag.gateway.pricing.AppliedPrice;
import dev.ccag.gateway.pricing.Price;
import dev.ccag.gateway.proxy.RequestIds;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CPU the usage ledger's writer spends per record on the embedded (file) H2 with the gateway's own
 * URL settings: the ledger as it was before decision 0016 (migrated to V50: the records keyed by
 * request id, batches stored without a spool position) against today's (spool positions, no key),
 * in alternating rounds in one JVM, since this machine's speed drifts by a third between runs. Run with
 * {@code ./mvnw -q -B -pl gateway -am test -Dtest=LedgerWriteBenchmark -Dccag.bench=true -Dccag.bench.batch=2000 -Dsurefire.failIfNoSpecifiedTests=false}
 * (its table goes to {@code gateway/target/surefire-reports/dev.ccag.gateway.usage.LedgerWriteBenchmark-output.txt}).
 * {@code -Dccag.bench.ids=random} uses random request ids instead of the time-ordered ones the gateway
 * issues; {@code -Dccag.bench.drop-indexes=usage_records_time_idx,...} drops those indexes after
 * migrating, to price each of them (measurements for schema decisions).
 */
@EnabledIfSystemProperty(named = "ccag.bench", matches = "true")
class LedgerWriteBenchmark {
    static {
        // Surefire runs tests with assertions on, and H2's own (a B-tree page recounts its children on
        // every copy) took an eighth of the writer's CPU in a JFR profile of this benchmark; the gateway
        // runs without them. Works when H2's classes are not initialised yet, as when this benchmark runs
        // alone; the test refuses to measure otherwise.
        try {
            // H2's own loader (loading a class does not initialise it, and only initialisation fixes its assertions)
            Class.forName("org.h2.Driver", false, LedgerWriteBenchmark.class.getClassLoader()).getClassLoader()
                    .setPackageAssertionStatus("org.h2", false);
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int BATCH = Integer.getInteger("ccag.bench.batch", 500);
    private static final int WARM = Integer.getInteger("ccag.bench.warm-records", 100_000);
    private static final int MEASURED = Integer.getInteger("ccag.bench.records", 200_000);
    private static final List<String> DROPPED = System.getProperty("ccag.bench.drop-indexes", "").isBlank() ? List.of()
            : List.of(System.getProperty("ccag.bench.drop-indexes").split(","));
    private static final int ROUNDS = Integer.getInteger("ccag.bench.rounds", 3);
    private static final boolean RANDOM_IDS = "random".equals(System.getProperty("ccag.bench.ids"));
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    @TempDir
    Path dir;

    @Test
    void cpuPerRecordOnTheEmbeddedDatabase() throws Exception {
        if (WARM % BATCH != 0) throw new IllegalArgumentException("ccag.bench.batch must divide ccag.bench.warm-records");
        if (!DROPPED.isEmpty()) System.out.println("\nindexes dropped: " + DROPPED);
        LongFunction<String> ids = RANDOM_IDS ? t -> randomId() : RequestIds::next;
        if (h2AssertionsOn()) {
            throw new IllegalStateException("H2 was initialised with assertions on before this benchmark (run it alone):"
                    + " its figures would include H2's own checks, which the gateway does not run");
        }
        System.out.println("\nrequest ids: " + (RANDOM_IDS ? "random" : "time-ordered (RequestIds)") + "; batches of " + BATCH);
        System.out.println("\n| ledger | round | records stored before | measured records | writer CPU µs/record | wall µs/record |\n|---|---:|---:|---:|---:|---:|");
        for (int round = 0; round < ROUNDS; round++) {
            run("before 0016: request-id key, no positions", "50", false, ids, round);
            run("0016: spool positions, no key", null, true, ids, round);
        }
    }

    private void run(String label, String migrateTo, boolean positions, LongFunction<String> ids, int round) throws Exception {
        Path db = Files.createDirectories(dir.resolve(label.replaceAll("\\W", "") + round));
        HikariConfig config = new HikariConfig();
        // the settings of the gateway's default URL (application.yml), the page cache of decision 0013 included
        config.setJdbcUrl("jdbc:h2:file:" + db.resolve("ccag") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;CACHE_SIZE=2048");
        config.setMaximumPoolSize(2);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
            if (migrateTo != null) flyway.target(migrateTo);
            flyway.load().migrate();
            for (String index : DROPPED) new JdbcTemplate(ds).execute("drop index " + index.trim());
            UsageStore store = new UsageStore(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)),
                    SqlDialect.H2);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long millis = Instant.parse("2026-11-24T08:00:00Z").toEpochMilli();
            long cpu0 = 0, wall0 = 0;
            for (int n = 0; n < WARM + MEASURED; n += BATCH) {
                if (n == WARM) {
                    cpu0 = threads.getCurrentThreadCpuTime();
                    wall0 = System.nanoTime();
                }
                List<UsageRecord> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    millis += ThreadLocalRandom.current().nextInt(3); // about 1,000 requests a second
                    batch.add(record(ids.apply(millis), Instant.ofEpochMilli(millis)));
                }
                // as the writer stores a spool batch: with the spool's position, in frames of about 300 bytes
                int stored = positions ? store.write("bench-spool", new UsageSpool.Position(1, 300L * n),
                        new UsageSpool.Position(1, 300L * (n + BATCH)), batch).records().size() : store.write(batch);
                if (stored != BATCH) throw new AssertionError("a batch was not stored in full");
            }
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1000.0 / MEASURED;
            double wall = (System.nanoTime() - wall0) / 1000.0 / MEASURED;
            System.out.printf("| %s | %d | %,d | %,d | %.1f | %.1f |%n", label, round + 1, WARM, MEASURED, cpu, wall);
        }
    }

    /** The price json the gateway stores for a Sonnet request (about 220 characters). */
    private static final String PRICE = new AppliedPrice("list", "claude-sonnet-4-5", "global",
            new Price(3_000_000, 15_000_000, 3_750_000, 6_000_000, 300_000, 10_000), 0).toJson();

    /** A record as the gateway writes one: key, user, team and session ids are UUIDs, the model ids real ones. */
    private static UsageRecord record(String id, Instant at) {
        return new UsageRecord(id, at, "6f1c2b9e-3d4a-4c8e-9f7b-1a2b3c4d5e6f", "0b7e4c1a-9d3f-4e2b-8a6c-5f4e3d2c1b0a",
                "c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5",
                "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "emulator", 200, false, false, 12, 30, 0, 0, 0, 0, 510,
                PRICE, 3, 2, "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d", null);
    }

    /** Whether H2's B-tree pages run their assertions, read from the flag javac puts in the class. */
    private static boolean h2AssertionsOn() throws ReflectiveOperationException {
        Field f = Class.forName("org.h2.mvstore.Page$NonLeaf").getDeclaredField("$assertionsDisabled");
        f.setAccessible(true);
        return !f.getBoolean(null);
    }

    private static String randomId() {
        char[] id = new char[28];
        "req_".getChars(0, 4, id, 0);
        for (int i = 4; i < id.length; i++) id[i] = BASE62[ThreadLocalRandom.current().nextInt(62)];
        return new String(id);
    }
}
