package dev.ccag.gateway.usage;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A region of a spool segment mapped into memory, so that appending a record is a copy into the
 * page cache instead of a {@code write} system call: the bytes are in the kernel's page cache the
 * moment they are stored, which survives the process being killed exactly as a written frame does.
 *
 * <p>A mapping must be released when the spool moves past it, or every window ever mapped would stay
 * in the process's resident memory until a full collection. Only the foreign-memory API (final in
 * Java 22) unmaps on demand: {@code FileChannel.map(mode, offset, size, Arena)} with a shared arena,
 * closed when the window is done. The gateway compiles for Java 21, where that API is a preview, so
 * it is reached through method handles looked up once; on a Java 21 runtime {@link #supported()} is
 * false and the spool writes its frames with {@code write} as before.
 */
final class MappedWindow implements AutoCloseable {
    private static final MethodHandle OF_SHARED;
    private static final MethodHandle MAP;
    private static final MethodHandle AS_BYTE_BUFFER;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle ofShared = null, map = null, asByteBuffer = null, close = null;
        if (Runtime.version().feature() >= 22) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofShared = lookup.findStatic(arena, "ofShared", MethodType.methodType(arena));
                map = lookup.findVirtual(FileChannel.class, "map",
                        MethodType.methodType(segment, FileChannel.MapMode.class, long.class, long.class, arena));
                asByteBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
                close = lookup.findVirtual(arena, "close", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                ofShared = null; // the write path serves
            }
        }
        OF_SHARED = ofShared;
        MAP = map;
        AS_BYTE_BUFFER = asByteBuffer;
        CLOSE = close;
    }

    /** The file offset where the window starts. */
    final long start;
    /** The window's bytes; index 0 is {@link #start} in the file. */
    final ByteBuffer buffer;
    private final Object arena;

    private MappedWindow(long start, ByteBuffer buffer, Object arena) {
        this.start = start;
        this.buffer = buffer;
        this.arena = arena;
    }

    /** Whether this runtime can map and unmap windows (Java 22 or later). */
    static boolean supported() {
        return OF_SHARED != null;
    }

    /** Maps {@code [start, start + size)} of the file for writing; the file grows to cover it. */
    static MappedWindow map(FileChannel channel, long start, int size) throws IOException {
        Object arena;
        try {
            arena = OF_SHARED.invoke();
        } catch (Throwable t) {
            throw new IOException("cannot create an arena for the usage spool", t);
        }
        try {
            Object segment = MAP.invoke(channel, FileChannel.MapMode.READ_WRITE, start, (long) size, arena);
            return new MappedWindow(start, (ByteBuffer) AS_BYTE_BUFFER.invoke(segment), arena);
        } catch (IOException e) {
            closeArena(arena);
            throw e;
        } catch (Throwable t) {
            closeArena(arena);
            throw new IOException("cannot map the usage spool", t);
        }
    }

    /** Unmaps the window; its buffer must not be used after. */
    @Override
    public void close() {
        closeArena(arena);
    }

    private static void closeArena(Object arena) {
        try {
            CLOSE.invoke(arena);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot unmap a usage spool window", t);
        }
    }
}
