package dev.ccag.gateway.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The local file an embedded H2 database lives in, read from its JDBC URL. Only local file
 * databases have something several processes share on disk and can lock; in-memory and server
 * ({@code tcp:}, {@code ssl:}) databases, and H2's exotic file systems ({@code nio:}, {@code zip:},
 * ...), are not one.
 *
 * @param base the database path without H2's extension, e.g. {@code /srv/ccag/data/ccag}
 */
record H2DatabaseFile(Path base) {
    private static final String H2 = "jdbc:h2:";

    /** The database file of {@code jdbcUrl}, or empty when it is not a local H2 file database. */
    static Optional<H2DatabaseFile> of(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, H2, 0, H2.length())) {
            return Optional.empty();
        }
        String name = jdbcUrl.substring(H2.length());
        int settings = name.indexOf(';');
        if (settings >= 0) name = name.substring(0, settings);
        if (name.regionMatches(true, 0, "file:", 0, 5)) name = name.substring(5);
        // Any other "prefix:" names a memory, server or special file-system database; a colon at
        // index 1 is a Windows drive letter.
        if (name.isEmpty() || name.indexOf(':') > 1) {
            return Optional.empty();
        }
        if (name.equals("~") || name.startsWith("~/") || name.startsWith("~\\")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(new H2DatabaseFile(Path.of(name).toAbsolutePath().normalize()));
    }

    /** The file migrations lock, beside the database (H2 keeps its own {@code .lock.db} for itself). */
    Path migrationLockFile() {
        return base.resolveSibling(base.getFileName() + ".migrate.lock");
    }
}
