package dev.ccag.gateway.usage;

import static dev.ccag.gateway.usage.UsageRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsageWriterTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:00Z");

    @TempDir
    Path dir;

    private static UsageRecord r(int i) {
        return record("req_" + i, T.plusMillis(i), "key-" + (i % 4), "user-" + (i % 2), "team-1", "claude-sonnet-4-6", 200, 10, 1, 5);
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void writesInBatchesAndAdvancesTheCheckpoint(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind); UsageSpool spool = UsageSpool.open(dir, 1 << 20)) {
            UsageWriter writer = new UsageWriter(spool, db.store(), 100, Duration.ofMillis(10), Duration.ofSeconds(5), new SimpleMeterRegistry());
            IntStream.range(0, 250).forEach(i -> spool.append(r(i)));
            assertThat(writer.writeOnce()).isEqualTo(100);
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(100);
            assertThat(writer.writeOnce()).isEqualTo(100);
            assertThat(writer.writeOnce()).isEqualTo(50);
            assertThat(writer.writeOnce()).isZero();
            assertThat(spool.drained()).isTrue();
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(250);
            assertThat(db.count("select sum(requests) from usage_daily")).isEqualTo(250);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void afterACrashBeforeTheCheckpointTheWriterResumesWhereTheDatabaseSaysEachRecordOnce(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            try (UsageSpool spool = UsageSpool.open(dir, 1 << 20)) {
                IntStream.range(0, 30).forEach(i -> spool.append(r(i)));
                // the batch reaches the database, then the process dies before the checkpoint moves
                UsageSpool.Batch batch = spool.read(spool.checkpoint(), 20);
                db.store().write(spool.id(), spool.checkpoint(), batch.end(), batch.records());
            }
            try (UsageSpool spool = UsageSpool.open(dir, 1 << 20)) {
                IntStream.range(30, 40).forEach(i -> spool.append(r(i)));
                Told told = new Told();
                UsageWriter writer = new UsageWriter(spool, db.store(), 500, Duration.ofMillis(10), Duration.ofSeconds(5),
                        new SimpleMeterRegistry(), List.of(told));
                while (writer.writeOnce() > 0) { }
                assertThat(spool.drained()).isTrue();
                // the 20 the database held are reported too (nothing of them is pending after a restart, no harm)
                assertThat(told.stored).containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(i -> "req_" + i).toList());
            }
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(40);
            assertThat(db.count("select count(distinct request_id) from usage_records")).isEqualTo(40);
            assertThat(db.count("select sum(requests) from usage_hourly")).isEqualTo(40);
            assertThat(db.count("select sum(cost_micros) from usage_daily")).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void aCommitWhoseAnswerWasLostIsNotWrittenAgainAndItsRecordsAreReportedStored(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind); UsageSpool spool = UsageSpool.open(dir, 1 << 20)) {
            UsageStore store = db.store();
            IntStream.range(0, 12).forEach(i -> spool.append(r(i)));
            // the first attempt's commit went through; the writer heard only an error
            UsageSpool.Batch first = spool.read(spool.checkpoint(), 100);
            store.write(spool.id(), spool.checkpoint(), first.end(), first.records());
            IntStream.range(12, 15).forEach(i -> spool.append(r(i))); // more arrived before the retry
            Told told = new Told();
            UsageWriter writer = new UsageWriter(spool, store, 100, Duration.ofMillis(10), Duration.ofSeconds(5),
                    new SimpleMeterRegistry(), List.of(told));
            while (writer.writeOnce() > 0) { }
            assertThat(told.stored).containsExactlyElementsOf(IntStream.range(0, 15).mapToObj(i -> "req_" + i).toList());
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(15);
            assertThat(db.count("select sum(requests) from usage_daily")).isEqualTo(15);
        }
    }

    /** A listener that keeps the request ids it is told were stored, in order. */
    static final class Told implements UsageListener {
        final List<String> stored = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void recorded(UsageRecord record) {}

        @Override
        public void stored(List<UsageRecord> records) {
            records.forEach(r -> stored.add(r.requestId()));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void whileTheDatabaseIsDownRecordsStaySpooledAndAreWrittenWhenItReturns(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            BreakableDataSource breakable = new BreakableDataSource(db.dataSource);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            UsageSpool spool = UsageSpool.open(dir, 1 << 20);
            UsageWriter writer = new UsageWriter(spool, db.store(breakable), 50, Duration.ofMillis(20), Duration.ofSeconds(5), registry);
            breakable.down = true;
            IntStream.range(0, 120).forEach(i -> spool.append(r(i)));
            assertThatThrownBy(writer::writeOnce).isInstanceOf(RuntimeException.class);
            assertThat(spool.drained()).isFalse();

            writer.start();
            try {
                waitUntil(() -> registry.get("ccag.usage.write.failures").counter().count() >= 2);
                assertThat(registry.get("ccag.usage.database.up").gauge().value()).isZero();
                assertThat(spool.backlogBytes()).isPositive();
                breakable.down = false;
                // backoff is at most a few hundred ms at this point
                waitUntil(spool::drained);
                assertThat(registry.get("ccag.usage.database.up").gauge().value()).isEqualTo(1.0);
            } finally {
                writer.stop();
            }
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(120);
            assertThat(db.count("select sum(requests) from usage_daily")).isEqualTo(120);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.ccag.gateway.usage.TestDatabases#kinds")
    void gracefulStopDrainsTheSpool(String kind) throws Exception {
        try (TestDatabases.Db db = TestDatabases.create(kind)) {
            UsageSpool spool = UsageSpool.open(dir, 1 << 20);
            // a long interval: only the stop makes the writer write
            UsageWriter writer = new UsageWriter(spool, db.store(), 500, Duration.ofMinutes(10), Duration.ofSeconds(10), new SimpleMeterRegistry());
            writer.start();
            Thread.sleep(100);
            IntStream.range(0, 700).forEach(i -> spool.append(r(i)));
            writer.stop();
            assertThat(db.count("select count(*) from usage_records")).isEqualTo(700);
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 20 s");
            Thread.sleep(20);
        }
    }
}
