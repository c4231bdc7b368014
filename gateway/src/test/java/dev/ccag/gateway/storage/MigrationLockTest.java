package dev.ccag.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration lock keeps out another process, not only other threads: a second gateway process on
 * the same H2 file waits for the first one's migration.
 */
class MigrationLockTest {

    @Test
    void anotherProcessHoldingTheLockMakesThisOneWait(@TempDir Path dir) throws Exception {
        Path lockFile = dir.resolve("ccag.migrate.lock");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OtherProcess.class.getName(), lockFile.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); !OtherProcess.LOCKED.equals(line); line = out.readLine()) {
                assertThat(line).as("the other process's output before it held the lock").isNotNull();
            }

            CompletableFuture<Boolean> mine = CompletableFuture.supplyAsync(() -> MigrationLock.holding(lockFile, () -> true));
            Thread.sleep(500);
            assertThat(mine).as("this process waits while the other holds the lock").isNotDone();

            other.getOutputStream().close(); // the other process releases the lock and exits
            assertThat(mine.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).isZero();
        } finally {
            other.destroyForcibly();
        }
    }

    /** The other process: holds the lock until its standard input closes. */
    static final class OtherProcess {
        static final String LOCKED = "other process holds the lock";

        public static void main(String[] args) {
            MigrationLock.holding(Path.of(args[0]), () -> {
                System.out.println(LOCKED);
                System.out.flush();
                try {
                    while (System.in.read() >= 0) {
                        // until the test closes our input
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        }
    }
}
