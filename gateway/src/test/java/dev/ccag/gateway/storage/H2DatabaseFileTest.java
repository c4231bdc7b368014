package dev.ccag.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which H2 URLs name a file on this machine, and where the migration lock goes beside it. */
class H2DatabaseFileTest {

    @Test
    void theGatewaysDefaultUrlNamesAFileInTheDataDir() {
        var db = H2DatabaseFile.of("jdbc:h2:file:./data/ccag;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
        assertThat(db).contains(new H2DatabaseFile(Path.of("data/ccag").toAbsolutePath()));
        assertThat(db.orElseThrow().migrationLockFile()).isEqualTo(Path.of("data/ccag.migrate.lock").toAbsolutePath());
    }

    @Test
    void pathsWithoutFilePrefixAndInTheHomeDirectoryAreFilesToo() {
        assertThat(H2DatabaseFile.of("jdbc:h2:/srv/ccag/../ccag/db")).contains(new H2DatabaseFile(Path.of("/srv/ccag/db")));
        assertThat(H2DatabaseFile.of("JDBC:H2:FILE:~/ccag/db;USER=ccag"))
                .contains(new H2DatabaseFile(Path.of(System.getProperty("user.home"), "ccag", "db")));
    }

    @Test
    void memoryServerAndOtherDatabasesAreNot() {
        assertThat(H2DatabaseFile.of("jdbc:h2:mem:ccag;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(H2DatabaseFile.of("jdbc:h2:tcp://db:9092/ccag")).isEmpty();
        assertThat(H2DatabaseFile.of("jdbc:h2:file:nio:/srv/ccag")).isEmpty();
        assertThat(H2DatabaseFile.of("jdbc:postgresql://db:5432/ccag")).isEmpty();
        assertThat(H2DatabaseFile.of(null)).isEmpty();
    }
}
