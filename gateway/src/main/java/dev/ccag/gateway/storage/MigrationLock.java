package dev.ccag.gateway.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work while holding one file's exclusive lock, against other threads of this JVM and
 * against other processes. An OS file lock belongs to the whole process, so it cannot keep two
 * threads apart (Java throws {@code OverlappingFileLockException} instead of waiting); threads
 * therefore queue on an in-JVM lock first, keyed by the file's real path, and only the thread at
 * the head takes the file lock.
 */
final class MigrationLock {
    private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);

    // Static: every Spring context, and every caller, in this JVM must share the one queue per file.
    // Entries are never removed, so two threads can never hold different locks for the same file;
    // there is one per database the process migrates.
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private MigrationLock() {}

    static <T> T holding(Path lockFile, Supplier<T> work) {
        Path file = realPath(lockFile);
        ReentrantLock inJvm = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        lockInJvm(inJvm, file);
        try {
            // Opened only once this thread is alone: on POSIX, closing any channel to a file drops
            // every lock this process holds on it, so a second channel must not come and go meanwhile.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile(channel, file)) {
                return work.get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + file, e);
            }
        } finally {
            inJvm.unlock();
        }
    }

    // The parent's real path keys the lock, so two spellings of one database (a symlinked or
    // relative data dir) share it; the file itself may not exist yet. It is never deleted: a process
    // waiting on the old file would then lock a different one than the next process creates.
    private static Path realPath(Path lockFile) {
        Path absolute = lockFile.toAbsolutePath().normalize();
        try {
            Path dir = Files.createDirectories(absolute.getParent()).toRealPath();
            return dir.resolve(absolute.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + absolute, e);
        }
    }

    private static void lockInJvm(ReentrantLock inJvm, Path file) {
        if (inJvm.tryLock()) return;
        log.info("Waiting for another migration in this process to finish ({})", file);
        try {
            inJvm.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + file, e);
        }
    }

    private static FileLock lockFile(FileChannel channel, Path file) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock != null) return lock;
        log.info("Waiting for another process to finish migrating the database ({})", file);
        return channel.lock();
    }
}
