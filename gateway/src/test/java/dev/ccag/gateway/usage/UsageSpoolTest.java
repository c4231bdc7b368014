package dev.ccag.gateway.usage;

import static dev.ccag.gateway.usage.UsageRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool storing frames through a memory mapping (Java 22+); {@link UsageSpoolWriteCallsTest} runs the same with write calls. */
class UsageSpoolTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @TempDir
    Path dir;

    boolean mapped() {
        return true;
    }

    UsageSpool open(Path dir, long segmentBytes) throws IOException {
        return UsageSpool.open(dir, segmentBytes, mapped());
    }

    private static UsageRecord r(int i) {
        return record("req_" + i, T.plusSeconds(i), "key-" + (i % 3), "user-1", null, "claude-sonnet-4-6", 200, i, 2L * i, 7L * i);
    }

    private static List<String> ids(UsageSpool.Batch batch) {
        return batch.records().stream().map(UsageRecord::requestId).toList();
    }

    @Test
    void recordsComeBackExactlyAsAppended() throws IOException {
        try (UsageSpool spool = open(dir, 1 << 20)) {
            UsageRecord full = r(1);
            UsageRecord sparse = new UsageRecord("req_x", T, "k", null, null, null, null, null, null, 499, false, true,
                    0, 0, 0, 0, 0, 0, 0, null, null, null, null, null);
            spool.append(full);
            spool.append(sparse);
            UsageSpool.Batch batch = spool.read(spool.checkpoint(), 10);
            assertThat(batch.records()).containsExactly(full, sparse);
        }
    }

    @Test
    void aSpoolKeepsItsIdAcrossRestartsAndANewDirectoryIsANewSpool() throws IOException {
        String id;
        try (UsageSpool spool = open(dir.resolve("a"), 1 << 20)) {
            id = spool.id();
            assertThat(id).matches("[0-9a-f-]{36}");
        }
        try (UsageSpool again = open(dir.resolve("a"), 1 << 20); UsageSpool other = open(dir.resolve("b"), 1 << 20)) {
            assertThat(again.id()).isEqualTo(id);
            assertThat(other.id()).isNotEqualTo(id);
        }
    }

    @Test
    void aBatchTellsWhereEachRecordEnds() throws IOException {
        try (UsageSpool spool = open(dir, 1 << 20)) {
            IntStream.range(0, 5).forEach(i -> spool.append(r(i)));
            UsageSpool.Batch all = spool.read(spool.checkpoint(), 10);
            UsageSpool.Batch three = spool.read(spool.checkpoint(), 3);
            assertThat(all.ends()).hasSize(5).last().isEqualTo(all.end());
            assertThat(all.recordsUpTo(three.end())).extracting(UsageRecord::requestId).containsExactly("req_0", "req_1", "req_2");
            assertThat(all.recordsUpTo(spool.checkpoint())).isEmpty();
            assertThat(all.recordsUpTo(all.end())).hasSize(5);
        }
    }

    @Test
    void readsInBatchesAndResumesFromTheCheckpointAfterReopen() throws IOException {
        try (UsageSpool spool = open(dir, 1 << 20)) {
            IntStream.range(0, 25).forEach(i -> spool.append(r(i)));
            UsageSpool.Batch first = spool.read(spool.checkpoint(), 10);
            assertThat(ids(first)).hasSize(10).startsWith("req_0").endsWith("req_9");
            spool.commit(first.end());
        }
        try (UsageSpool reopened = open(dir, 1 << 20)) {
            reopened.append(r(100)); // lands in the new segment, after the 15 left from the last run
            UsageSpool.Batch rest = reopened.read(reopened.checkpoint(), 100);
            assertThat(ids(rest)).hasSize(16).startsWith("req_10").contains("req_24").endsWith("req_100");
            reopened.commit(rest.end());
            assertThat(reopened.drained()).isTrue();
            assertThat(reopened.read(reopened.checkpoint(), 100).records()).isEmpty();
        }
    }

    @Test
    void aBacklogLargerThanOneReadComesBackWholeInOrderAcrossReads() throws IOException {
        // The reader reuses one 1 MB buffer: each fill must see only its own bytes, and a frame cut at
        // the end of a fill must come back whole from the next one (3 MB: at least three fills).
        try (UsageSpool spool = open(dir, 64L << 20)) {
            int n = 0;
            while (spool.backlogBytes() < 3L << 20) spool.append(r(n++));
            List<String> read = new java.util.ArrayList<>();
            int reads = 0;
            while (!spool.drained()) {
                UsageSpool.Batch batch = spool.read(spool.checkpoint(), 2_000);
                assertThat(batch.records()).isNotEmpty();
                read.addAll(ids(batch));
                spool.commit(batch.end());
                reads++;
            }
            assertThat(reads).as("batches of the writer's default size").isGreaterThanOrEqualTo(3);
            assertThat(read).hasSize(n).doesNotHaveDuplicates();
            for (int i = 0; i < n; i++) assertThat(read.get(i)).isEqualTo("req_" + i);
        }
    }

    @Test
    void tornLastFrameIsIgnoredAndLaterRecordsStillRead() throws IOException {
        try (UsageSpool spool = open(dir, 1 << 20)) {
            IntStream.range(0, 3).forEach(i -> spool.append(r(i)));
        }
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(size - 5); // a crash in the middle of writing the third frame
        }
        try (UsageSpool spool = open(dir, 1 << 20)) {
            spool.append(r(3));
            UsageSpool.Batch batch = spool.read(spool.checkpoint(), 100);
            assertThat(ids(batch)).containsExactly("req_0", "req_1", "req_3");
            assertThat(spool.corruptFrames()).isEqualTo(1);
        }
    }

    @Test
    void crcMismatchIsDetectedAndTheDamagedFrameNotDecoded() throws IOException {
        try (UsageSpool spool = open(dir, 1 << 20)) {
            IntStream.range(0, 3).forEach(i -> spool.append(r(i)));
        }
        Path segment = onlySegment();
        long frame = Files.size(segment) / 3;
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long at = frame + UsageSpool.HEADER + 10; // inside the second record's payload
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
        try (UsageSpool spool = open(dir, 1 << 20)) {
            UsageSpool.Batch batch = spool.read(spool.checkpoint(), 100);
            assertThat(ids(batch)).containsExactly("req_0");
            assertThat(spool.corruptFrames()).isEqualTo(1);
        }
    }

    @Test
    void segmentsRotateAndFinishedOnesAreDeletedOnceCommitted() throws IOException {
        try (UsageSpool spool = open(dir, 4096)) {
            IntStream.range(0, 200).forEach(i -> spool.append(r(i)));
            assertThat(segments()).hasSizeGreaterThan(3);
            UsageSpool.Position at = spool.checkpoint();
            int total = 0;
            while (true) {
                UsageSpool.Batch batch = spool.read(at, 50);
                if (batch.records().isEmpty() && batch.end().equals(at)) break;
                total += batch.records().size();
                spool.commit(batch.end());
                at = batch.end();
            }
            assertThat(total).isEqualTo(200);
            assertThat(spool.drained()).isTrue();
            assertThat(segments()).hasSize(1); // only the active one remains
            assertThat(spool.backlogBytes()).isZero();
        }
    }

    @Test
    void aSegmentLeftByACrashReadsToItsLastFrameAndItsUnusedEndIsNotCorruption() throws IOException {
        UsageSpool crashed = open(dir, 64L << 20); // never closed: its segment keeps the unused end of its window
        IntStream.range(0, 5).forEach(i -> crashed.append(r(i)));
        if (mapped()) assertThat(Files.size(onlySegment())).isEqualTo(UsageSpool.WINDOW);
        try (UsageSpool spool = open(dir, 64L << 20)) {
            spool.append(r(5));
            UsageSpool.Batch batch = spool.read(spool.checkpoint(), 100);
            assertThat(ids(batch)).containsExactly("req_0", "req_1", "req_2", "req_3", "req_4", "req_5");
            assertThat(spool.corruptFrames()).isZero();
        }
    }

    @Test
    void recordsAcrossSeveralMappedWindowsComeBackWholeAndAFinishedSegmentIsCutToItsFrames() throws IOException {
        try (UsageSpool spool = open(dir, 6L << 20)) {
            int n = 0;
            while (spool.backlogBytes() < 10L << 20) spool.append(r(n++));
            List<Path> all = segments();
            assertThat(all).hasSize(2);
            long first = Files.size(all.getFirst());
            assertThat(first).isGreaterThanOrEqualTo(6L << 20).isLessThan((6L << 20) + UsageSpool.MAX_FRAME);
            List<String> read = new java.util.ArrayList<>();
            while (!spool.drained()) {
                UsageSpool.Batch batch = spool.read(spool.checkpoint(), 5_000);
                read.addAll(ids(batch));
                spool.commit(batch.end());
            }
            assertThat(read).hasSize(n);
            for (int i = 0; i < n; i++) assertThat(read.get(i)).isEqualTo("req_" + i);
            assertThat(spool.corruptFrames()).isZero();
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> s = segments();
        assertThat(s).hasSize(1);
        return s.getFirst();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".spool")).filter(p -> {
                try {
                    return Files.size(p) > 0 || true;
                } catch (Exception e) {
                    return true;
                }
            }).sorted().toList();
        }
    }
}
