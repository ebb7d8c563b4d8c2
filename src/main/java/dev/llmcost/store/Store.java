package dev.llmcost.store;

import dev.llmcost.model.LlmcostException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
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
    private static final int MIN_SERVER_ATTEMPTS = 5;

    /** The file, or null for a PostgreSQL server. */
    private final Path path;
    /** How messages name the database: the file, or the server's URL without its password. */
    private final String label;
    private final Dialect dialect;
    private final Connection connection;
    private final Clock clock;
    private final long lockWaitMs;

    private Store(Path path, String label, Dialect dialect, Connection connection, Clock clock, long lockWaitMs) {
        this.path = path;
        this.label = label;
        this.dialect = dialect;
        this.connection = connection;
        this.clock = clock;
        this.lockWaitMs = lockWaitMs;
    }

    /**
     * Loads the SQLite driver on a background thread while the caller does its other start-up work;
     * the first {@link #open} waits for it. For short-lived processes (see {@code Main}).
     */
    public static void warmUpInBackground(Path cacheDir) {
        NativeLibrary.warmUpInBackground(cacheDir);
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
        NativeLibrary.awaitWarmUp();
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
            // the driver itself, not DriverManager: that would load every driver on the class path
            connection = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + absolute, properties);
        } catch (SQLException e) {
            throw runtime(absolute, "cannot open: " + e.getMessage(), e);
        }
        Store store = new Store(absolute, absolute.toString(), Dialect.SQLITE, connection, clock, lockWaitMs);
        return store.configureAndMigrate();
    }

    /**
     * Connects to a team database on a PostgreSQL server and brings its schema to this llmcost's version.
     * Every connection sets its time zone to UTC; a write that meets a deadlock runs again, up to
     * {@code lockWaitMs} in all.
     */
    public static Store openPostgres(PostgresUrl url, Clock clock, long lockWaitMs) {
        Properties properties = new Properties();
        properties.putAll(url.parameters());
        properties.setProperty("user", url.user());
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.putIfAbsent("ApplicationName", "llmcost");
        properties.putIfAbsent("connectTimeout", "10");
        properties.putIfAbsent("options", "-c TimeZone=UTC");
        Connection connection;
        try {
            connection = new org.postgresql.Driver().connect(url.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw LlmcostException.runtime("database " + url + " cannot be reached: " + e.getMessage(), e);
        }
        Store store = new Store(null, url.toString(), Dialect.POSTGRESQL, connection, clock, lockWaitMs);
        return store.configureAndMigrate();
    }

    private Store configureAndMigrate() {
        try {
            if (dialect == Dialect.SQLITE) {
                configure();
            }
            migrate();
            return this;
        } catch (SQLException e) {
            close();
            throw runtime(label, describe(e), e);
        } catch (RuntimeException e) {
            close();
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
            throw runtime(label, "was written by a newer llmcost (schema " + version
                    + ", this llmcost knows " + latest + "); upgrade llmcost to use it", null);
        }
        if (version == latest) {
            return;
        }
        write(connection -> {
            dialect.lockSchema(connection);
            int current = schemaVersion();
            for (int step = current; step < latest; step++) {
                Migrations.ALL.get(step).apply(connection);
                dialect.setSchemaVersion(connection, step + 1);
            }
            return null;
        });
    }

    public int schemaVersion() throws SQLException {
        return dialect.schemaVersion(connection);
    }

    /** The database file; null for a PostgreSQL server. */
    public Path path() {
        return path;
    }

    /** The file or the server's URL (never with a password), as messages name it. */
    public String label() {
        return label;
    }

    public Dialect dialect() {
        return dialect;
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
                dialect.begin(connection, true);
                try {
                    T result = work.run(connection);
                    dialect.commit(connection);
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly();
                    throw e;
                }
            });
        } catch (SQLException e) {
            throw runtime(label, describe(e), e);
        }
    }

    /** Runs {@code work} in one read transaction, so every query sees the same snapshot. */
    public <T> T read(Work<T> work) {
        try {
            dialect.begin(connection, false);
            try {
                return work.run(connection);
            } finally {
                rollbackQuietly();
            }
        } catch (SQLException e) {
            throw runtime(label, describe(e), e);
        }
    }

    private <T> T retryingBusy(Work<T> attempt) throws SQLException {
        long deadline = System.currentTimeMillis() + lockWaitMs;
        long backoff = 5;
        int attempts = 0;
        while (true) {
            try {
                return attempt.run(connection);
            } catch (SQLException e) {
                // a server's deadlock victim may have waited out the whole deadline on locks first: it still gets
                // a few more attempts, as the transaction it lost to has finished by now
                boolean more = System.currentTimeMillis() <= deadline
                        || dialect == Dialect.POSTGRESQL && attempts < MIN_SERVER_ATTEMPTS;
                if (!dialect.isRetryable(e) || !more) {
                    throw e;
                }
                attempts++;
                sleep(backoff + (long) (Math.random() * backoff));
                backoff = Math.min(backoff * 2, 200);
            }
        }
    }

    private static long busyTimeoutMs(long lockWaitMs) {
        return Math.min(MAX_BUSY_TIMEOUT_MS, lockWaitMs);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rollbackQuietly() {
        try {
            dialect.rollback(connection);
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
        return runtime(path.toString(), problem, cause);
    }

    static LlmcostException runtime(String label, String problem, Throwable cause) {
        return LlmcostException.runtime("database " + label + " " + problem, cause);
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
