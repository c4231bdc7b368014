package dev.ccag.gateway.usage;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local, append-only journal of usage records between the request thread and the database.
 *
 * <p>Records go into numbered segment files as frames {@code [length:int][crc32c:int][payload]}, each
 * stored through a memory mapping of the segment ({@link MappedWindow}; on a Java 21 runtime with one
 * {@code write} call instead), with no fsync: once {@link #append} returns the bytes are in the OS page
 * cache, which survives the process being killed ({@code kill -9}). Storing into the mapping costs no
 * system call: the {@code write} per record was about a seventh of the gateway's CPU at concurrency 64,
 * most of it spent holding the append lock across the call (BENCHMARKS.md, session 12). A background
 * {@link #force()} narrows the window for a power loss. The writer reads from the checkpoint (a
 * small file holding segment and offset) and advances it after each committed batch; segments
 * behind the checkpoint are deleted. The database stores the same position in each batch's own
 * transaction, under the spool's {@link #id()}, and where the two differ after a crash the
 * database's is the true one (decision 0016). Every start opens a fresh segment, so a torn frame at
 * the end of an older segment (a crash mid-write) is never followed by good data and is simply
 * skipped. A segment left by a crash ends in the zeros of its last mapped window, which read as its
 * end; a segment the spool moved past is cut to its frames.
 */
public final class UsageSpool implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(UsageSpool.class);
    static final int HEADER = 8;
    static final int MAX_FRAME = 64 * 1024;
    private static final int READ_CHUNK = 1 << 20;
    /** Bytes mapped at a time: a few hundred milliseconds of records at the highest rates measured. */
    static final int WINDOW = 4 << 20;
    private static final int PAGE = 4096;
    private static final String CHECKPOINT = "checkpoint";
    private static final String ID = "spool-id";

    /** A place in the spool: segment number and byte offset in it; later places compare greater. */
    public record Position(long segment, long offset) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int bySegment = Long.compare(segment, other.segment);
            return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
        }

        @Override
        public String toString() {
            return segment + ":" + offset;
        }
    }

    /** Records read from the spool, where each of them ends, and the position just after the last of them. */
    public record Batch(List<UsageRecord> records, List<Position> ends, Position end) {
        /** The records that end at or before {@code position}. */
        public List<UsageRecord> recordsUpTo(Position position) {
            int n = 0;
            while (n < ends.size() && ends.get(n).compareTo(position) <= 0) n++;
            return records.subList(0, n);
        }
    }

    private final Path dir;
    private final String id;
    private final long segmentBytes;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final boolean mapped;
    /** The mapped part of the active segment (null before the first append, and when not mapped). */
    private MappedWindow window;
    /** Allocated once: a fresh 1 MB heap buffer per batch was a humongous object to G1, and every one
     *  of them started a concurrent marking cycle; a direct one also spares the JDK's copy. */
    private ByteBuffer readBuffer;
    private FileChannel active;
    private volatile long activeSegment;
    private volatile long activeSize;
    private volatile Position checkpoint;
    private volatile long appendedSinceForce;
    private long corruptFrames;

    private UsageSpool(Path dir, String id, long segmentBytes, boolean mapped) {
        this.dir = dir;
        this.id = id;
        this.segmentBytes = segmentBytes;
        this.mapped = mapped;
    }

    /** Opens the spool in {@code dir} (created if needed) and starts a new segment after any left by an earlier run. */
    public static UsageSpool open(Path dir, long segmentBytes) throws IOException {
        return open(dir, segmentBytes, MappedWindow.supported());
    }

    /** As {@link #open(Path, long)}; {@code mapped} false stores every frame with a {@code write} call. */
    static UsageSpool open(Path dir, long segmentBytes, boolean mapped) throws IOException {
        if (mapped && !MappedWindow.supported()) throw new IllegalArgumentException("memory-mapped spool needs Java 22 or later");
        Files.createDirectories(dir);
        UsageSpool spool = new UsageSpool(dir, identity(dir), segmentBytes, mapped);
        List<Long> segments = spool.segments();
        Position saved = spool.readCheckpoint();
        long first = segments.isEmpty() ? 1 : segments.getFirst();
        long last = segments.isEmpty() ? 0 : segments.getLast();
        spool.checkpoint = saved != null ? saved : new Position(first, 0);
        spool.openSegment(Math.max(last, spool.checkpoint.segment()) + 1);
        if (saved == null || spool.checkpoint.segment() < first) {
            // no checkpoint yet, or its segment was already deleted: start at the oldest segment left
            spool.checkpoint = new Position(segments.isEmpty() ? spool.activeSegment : first, 0);
        }
        return spool;
    }

    /** Appends one record. Called on the request thread: a copy into the mapped segment (or one write call), no fsync. */
    public void append(UsageRecord record) {
        byte[] payload = UsageRecordCodec.encode(record);
        if (payload.length > MAX_FRAME) throw new IllegalArgumentException("usage record too large: " + payload.length);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        int checksum = (int) crc.getValue();
        appendLock.lock();
        try {
            if (mapped) {
                store(payload, checksum);
            } else {
                ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
                frame.putInt(payload.length).putInt(checksum).put(payload).flip();
                while (frame.hasRemaining()) {
                    active.write(frame);
                }
            }
            activeSize += HEADER + payload.length;
            appendedSinceForce++;
            if (activeSize >= segmentBytes) {
                openSegment(activeSegment + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the usage spool in " + dir, e);
        } finally {
            appendLock.unlock();
        }
    }

    /** Copies a frame into the mapping at the end of the active segment, mapping the next window when it does not fit. */
    private void store(byte[] payload, int checksum) throws IOException {
        int length = HEADER + payload.length;
        MappedWindow w = window;
        if (w == null || activeSize + length > w.start + w.buffer.capacity()) {
            if (w != null) w.close();
            window = null;
            long start = activeSize - activeSize % PAGE;
            w = MappedWindow.map(active, start, WINDOW);
            window = w;
        }
        int at = (int) (activeSize - w.start);
        try {
            // the payload and checksum first, the length last: a frame cut short by a crash shows a
            // zero length, never a length with missing bytes behind it
            w.buffer.putInt(at + 4, checksum);
            w.buffer.put(at + HEADER, payload);
            w.buffer.putInt(at, payload.length);
        } catch (InternalError e) {
            // the JVM's report of a fault in mapped memory: the file system could not back the page (full disk)
            throw new IOException("could not store into the usage spool's mapping (is the disk full?)", e);
        }
    }

    /** Reads up to {@code max} records starting at {@code from}, moving past finished segments. */
    public Batch read(Position from, int max) throws IOException {
        List<UsageRecord> records = new ArrayList<>();
        List<Position> ends = new ArrayList<>();
        Position at = from;
        while (records.size() < max) {
            long segment;
            long limit;
            appendLock.lock();
            try {
                segment = activeSegment;
                limit = activeSize;
            } finally {
                appendLock.unlock();
            }
            boolean finished = at.segment() < segment;
            Path file = segmentFile(at.segment());
            if (finished) {
                limit = Files.exists(file) ? Files.size(file) : 0;
            }
            Position next = readSegment(file, at, limit, max - records.size(), records, ends);
            if (next.equals(at) || next.offset() >= limit) {
                if (!finished) return new Batch(records, ends, next);
                if (next.offset() < limit && !zeros(file, next.offset(), limit)) {
                    corruptFrames++;
                    log.warn("usage spool segment {}: {} bytes after offset {} are a torn or corrupt frame; skipped",
                            file.getFileName(), limit - next.offset(), next.offset());
                }
                at = new Position(nextSegmentAfter(at.segment()), 0);
                continue;
            }
            at = next;
        }
        return new Batch(records, ends, at);
    }

    /** Reads whole, intact frames between {@code at} and {@code limit}; returns where it stopped. */
    private Position readSegment(Path file, Position at, long limit, int max, List<UsageRecord> into, List<Position> ends)
            throws IOException {
        if (at.offset() >= limit) return at;
        long offset = at.offset();
        readLock.lock();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (readBuffer == null) readBuffer = ByteBuffer.allocateDirect(READ_CHUNK);
            ByteBuffer buffer = readBuffer.clear().limit((int) Math.min(READ_CHUNK, limit - offset));
            while (buffer.hasRemaining() && in.read(buffer, offset + buffer.position()) > 0) { }
            buffer.flip();
            int added = 0;
            CRC32C check = new CRC32C();
            while (added < max && buffer.remaining() >= HEADER) {
                int start = buffer.position();
                int length = buffer.getInt();
                int crc = buffer.getInt();
                if (length <= 0 || length > MAX_FRAME || buffer.remaining() < length) {
                    buffer.position(start);
                    break;
                }
                byte[] payload = new byte[length];
                buffer.get(payload);
                check.reset();
                check.update(payload);
                if ((int) check.getValue() != crc) {
                    buffer.position(start);
                    break;
                }
                into.add(UsageRecordCodec.decode(payload));
                ends.add(new Position(at.segment(), offset + buffer.position()));
                added++;
            }
            return new Position(at.segment(), offset + buffer.position());
        } finally {
            readLock.unlock();
        }
    }

    /** True when the file holds only zero bytes in {@code [from, to)}: the unused end of a mapped window. */
    private static boolean zeros(Path file, long from, long to) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            long at = from;
            while (at < to) {
                b.clear().limit((int) Math.min(b.capacity(), to - at));
                int n = in.read(b, at);
                if (n <= 0) return true;
                for (int i = 0; i < n; i++) {
                    if (b.get(i) != 0) return false;
                }
                at += n;
            }
            return true;
        }
    }

    /**
     * This spool's name in the database, where the ledger keeps how far it has stored this spool
     * (decision 0016). Made the first time the directory is opened and kept in it: a new directory
     * is a new spool, whatever positions an old one reached.
     */
    public String id() {
        return id;
    }

    /** Where the writer resumes: everything before it is in the database. */
    public Position checkpoint() {
        return checkpoint;
    }

    /** Records that everything before {@code position} is in the database, and deletes finished segments. */
    public void commit(Position position) throws IOException {
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        Files.writeString(tmp, position.segment() + " " + position.offset() + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        checkpoint = position;
        for (long segment : segments()) {
            if (segment < position.segment() && segment != activeSegment) {
                Files.deleteIfExists(segmentFile(segment));
            }
        }
    }

    /** Flushes appended frames to the disk (power-loss protection); called off the request path. */
    public void force() throws IOException {
        if (appendedSinceForce == 0) return;
        appendedSinceForce = 0;
        FileChannel channel = active;
        if (channel.isOpen()) channel.force(false);
    }

    /** Bytes written but not yet past the checkpoint (approximate, for the backlog metric). */
    public long backlogBytes() {
        Position cp = checkpoint;
        long total = 0;
        try {
            for (long segment : segments()) {
                if (segment < cp.segment()) continue;
                long size = segment == activeSegment ? activeSize : Files.size(segmentFile(segment));
                total += segment == cp.segment() ? Math.max(0, size - cp.offset()) : size;
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** True when the checkpoint is at the end of what has been appended. */
    public boolean drained() {
        Position cp = checkpoint;
        return cp.segment() == activeSegment && cp.offset() >= activeSize;
    }

    long corruptFrames() {
        return corruptFrames;
    }

    Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (active != null && active.isOpen()) {
                finishSegment(active);
                active.force(false);
                active.close();
            }
        } finally {
            appendLock.unlock();
        }
    }

    private void openSegment(long segment) throws IOException {
        FileChannel next = mapped
                ? FileChannel.open(segmentFile(segment), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(segmentFile(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        FileChannel previous = active;
        if (previous != null) finishSegment(previous);
        active = next;
        activeSize = next.size();
        activeSegment = segment;
        if (previous != null) previous.close();
    }

    /** Unmaps the active segment's window and cuts the file to its frames (the window's unused zeros go). */
    private void finishSegment(FileChannel channel) throws IOException {
        if (window != null) {
            window.close();
            window = null;
        }
        if (mapped && channel.size() > activeSize) channel.truncate(activeSize);
    }

    private long nextSegmentAfter(long segment) throws IOException {
        for (long s : segments()) {
            if (s > segment) return s;
        }
        return activeSegment;
    }

    private List<Long> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("segment-") && n.endsWith(".spool"))
                    .map(n -> Long.parseLong(n.substring("segment-".length(), n.length() - ".spool".length())))
                    .sorted()
                    .toList();
        }
    }

    private Path segmentFile(long segment) {
        return dir.resolve("segment-%012d.spool".formatted(segment));
    }

    private static String identity(Path dir) throws IOException {
        Path file = dir.resolve(ID);
        if (Files.exists(file)) {
            String saved = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!saved.isEmpty()) return saved;
        }
        String made = UUID.randomUUID().toString();
        Path tmp = dir.resolve(ID + ".tmp");
        Files.writeString(tmp, made + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return made;
    }

    private Position readCheckpoint() throws IOException {
        Path file = dir.resolve(CHECKPOINT);
        if (!Files.exists(file)) return null;
        String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
        return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
}
