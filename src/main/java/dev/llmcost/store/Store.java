package dev.llmcost.store;

import dev.llmcost.LlmcostException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Properties;

/**
 * The one door to the database: opening it with the pragmas DESIGN.md requires, migrating it,
 * and running work in transactions. The query families live beside it in this package
 * ({@link EventWriter}, {@link ReportReader}, …) and borrow its connection.
 */
public final class Store implements AutoCloseable {
    /** How long a writer waits for another process's lock in all, unless the caller says otherwise. */
    public static final long DEFAULT_LOCK_WAIT_MS = 60_000;
    private static final int MAX_BUSY_TIMEOUT_MS = 10_000;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private final Path path;
    private final Connection connection;
    private final Clock clock;
    private final long lockWaitMs;

    private Store(Path path, Connection connection, Clock clock, long lockWaitMs) {
        this.path = path;
        this.connection = connection;
        this.clock = clock;
        this.lockWaitMs = lockWaitMs;
    }

    /** Opens (creating if needed: directory 0700, file 0600) and migrates the database at {@code path}. */
    public static Store open(Path path, Clock clock) {
        return open(path, clock, null);
    }

    /** As {@link #open(Path, Clock)}, unpacking the SQLite native library once under {@code cacheDir}. */
    public static Store open(Path path, Clock clock, Path cacheDir) {
        return open(path, clock, cacheDir, DEFAULT_LOCK_WAIT_MS);
    }

    /**
     * As {@link #open(Path, Clock, Path)}; a writer that meets another process's lock waits up to
     * {@code lockWaitMs} in all (SQLite's busy timeout, then retries with backoff) before failing.
     */
    public static Store open(Path path, Clock clock, Path cacheDir, long lockWaitMs) {
        NativeLibrary.prepare(cacheDir);
        Path absolute = path.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw runtime(absolute, "is a directory, not a database file", null);
        }
        createPrivately(absolute);
        Connection connection;
        try {
            Properties properties = new Properties();
            properties.setProperty("busy_timeout", Long.toString(busyTimeoutMs(lockWaitMs)));
            properties.setProperty("foreign_keys", "true");
            // Otherwise the driver prepares and runs "SELECT last_insert_rowid()" after every INSERT for
            // getGeneratedKeys(), which nothing here calls: a quarter of an agent-log ingest's native time.
            properties.setProperty("jdbc.get_generated_keys", "false");
            connection = DriverManager.getConnection("jdbc:sqlite:" + absolute, properties);
        } catch (SQLException e) {
            throw runtime(absolute, "cannot open: " + e.getMessage(), e);
        }
        Store store = new Store(absolute, connection, clock, lockWaitMs);
        try {
            store.configure();
            store.migrate();
            return store;
        } catch (SQLException e) {
            store.close();
            throw runtime(absolute, describe(e), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static void createPrivately(Path file) {
        try {
            Path dir = file.getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: fine
                }
            }
        } catch (java.nio.file.AccessDeniedException e) {
            throw runtime(file, "cannot be created: permission denied on " + e.getFile(), e);
        } catch (IOException | UnsupportedOperationException e) {
            throw runtime(file, "cannot be created: " + e.getMessage(), e);
        }
    }

    private void configure() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + busyTimeoutMs(lockWaitMs));
            statement.execute("PRAGMA foreign_keys = ON");
            statement.execute("PRAGMA synchronous = FULL");
            String mode;
            try (ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
                mode = rs.next() ? rs.getString(1) : "";
            }
            if (!"wal".equalsIgnoreCase(mode)) {
                retryingBusy(c -> {
                    try (Statement s = connection.createStatement()) {
                        s.execute("PRAGMA journal_mode = WAL");
                    }
                    return null;
                });
            }
        }
    }

    private void migrate() throws SQLException {
        int version = schemaVersion();
        int latest = Migrations.latestVersion();
        if (version > latest) {
            throw runtime(path, "was written by a newer llmcost (schema " + version
                    + ", this llmcost knows " + latest + "); upgrade llmcost to use it", null);
        }
        if (version == latest) {
            return;
        }
        write(connection -> {
            int current = schemaVersion();
            for (int step = current; step < latest; step++) {
                Migrations.ALL.get(step).apply(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA user_version = " + (step + 1));
                }
            }
            return null;
        });
    }

    public int schemaVersion() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    public Path path() {
        return path;
    }

    Connection connection() {
        return connection;
    }

    Clock clock() {
        return clock;
    }

    /** Work that runs against the connection inside a transaction. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction, so writers queue on the busy
     * timeout instead of failing on a read-to-write upgrade; a writer still refused as busy
     * retries with backoff. Any exception rolls everything back.
     */
    public <T> T write(Work<T> work) {
        try {
            return retryingBusy(c -> {
                exec("BEGIN IMMEDIATE");
                try {
                    T result = work.run(connection);
                    exec("COMMIT");
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly();
                    throw e;
                }
            });
        } catch (SQLException e) {
            throw runtime(path, describe(e), e);
        }
    }

    /** Runs {@code work} in one read transaction, so every query sees the same snapshot. */
    public <T> T read(Work<T> work) {
        try {
            exec("BEGIN DEFERRED");
            try {
                return work.run(connection);
            } finally {
                rollbackQuietly();
            }
        } catch (SQLException e) {
            throw runtime(path, describe(e), e);
        }
    }

    private <T> T retryingBusy(Work<T> attempt) throws SQLException {
        long deadline = System.currentTimeMillis() + lockWaitMs;
        long backoff = 5;
        while (true) {
            try {
                return attempt.run(connection);
            } catch (SQLException e) {
                if (!isBusy(e) || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                sleep(backoff + (long) (Math.random() * backoff));
                backoff = Math.min(backoff * 2, 200);
            }
        }
    }

    private static long busyTimeoutMs(long lockWaitMs) {
        return Math.min(MAX_BUSY_TIMEOUT_MS, lockWaitMs);
    }

    private static boolean isBusy(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_BUSY || code == SQLITE_LOCKED;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            exec("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open, or the connection is gone: nothing more to undo
        }
    }

    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String plain = plainMessage(message);
        if (message.contains("SQLITE_NOTADB") || message.contains("file is not a database")) {
            return "is not an SQLite database (or is encrypted or corrupted)";
        }
        if (message.contains("SQLITE_READONLY")) {
            return "is read-only (" + plain + "); check its permissions and its directory's";
        }
        if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
            return "is locked by another process for longer than the busy timeout; try again";
        }
        if (message.contains("SQLITE_CORRUPT")) {
            return "is corrupted (" + plain + "); run 'llmcost doctor'";
        }
        if (message.contains("SQLITE_FULL")) {
            return "cannot be written: the disk is full";
        }
        if (message.contains("SQLITE_IOERR")) {
            return "cannot be written: I/O error, is the disk full? (" + plain + ")";
        }
        if (message.contains("SQLITE_CANTOPEN")) {
            return "cannot be opened (" + plain + ")";
        }
        return plain;
    }

    /** sqlite-jdbc's "[SQLITE_X] Long text (short text)" as the short text SQLite itself gives. */
    private static String plainMessage(String message) {
        int open = message.lastIndexOf('(');
        if (message.startsWith("[") && open > 0 && message.endsWith(")")) {
            return message.substring(open + 1, message.length() - 1);
        }
        return message;
    }

    static LlmcostException runtime(Path path, String problem, Throwable cause) {
        return LlmcostException.runtime("database " + path + " " + problem, cause);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection has nothing left to protect
        }
    }
}
