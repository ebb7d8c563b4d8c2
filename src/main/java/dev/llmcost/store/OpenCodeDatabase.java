package dev.llmcost.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Reads OpenCode's own SQLite store ({@code opencode.db}), read-only: its {@code message} table holds one
 * row per message, the message JSON in {@code data}. The only SQL llmcost runs on a database not its own.
 */
public final class OpenCodeDatabase {
    /** What to do with each message row; may throw to stop the walk. */
    @FunctionalInterface
    public interface RowHandler<E extends Exception> {
        void row(String id, String sessionId, byte[] data) throws E;
    }

    private OpenCodeDatabase() {
    }

    /** Every row of {@code message}; a database without that table has no messages. */
    public static <E extends Exception> void forEachMessage(Path database, Path cacheDir, RowHandler<E> handler)
            throws IOException, E {
        if (cacheDir != null) {
            NativeLibrary.prepare(cacheDir);
        }
        forEachMessageSince(database, Long.MIN_VALUE, handler);
    }

    /**
     * The rows whose {@code time_updated} (OpenCode's clock, epoch ms, set on every insert and update) is at least
     * {@code since}; every row when the table has nothing that recent (a database replaced by an older one) or no
     * {@code time_updated} column. Both queries see one snapshot. Returns the newest {@code time_updated} in the
     * table, {@link Long#MIN_VALUE} when it is empty or has no such column.
     */
    public static <E extends Exception> long forEachMessageSince(Path database, long since, RowHandler<E> handler)
            throws IOException, E {
        NativeLibrary.awaitWarmUp();
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        properties.setProperty("busy_timeout", "5000");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), properties)) {
            connection.setAutoCommit(false); // one read transaction: the newest time and the rows agree
            boolean timed = false;
            boolean table = false;
            try (PreparedStatement columns = connection.prepareStatement("SELECT name FROM pragma_table_info('message')");
                 ResultSet column = columns.executeQuery()) {
                while (column.next()) {
                    table = true;
                    timed |= "time_updated".equals(column.getString(1));
                }
            }
            if (!table) {
                return Long.MIN_VALUE;
            }
            long newest = Long.MIN_VALUE;
            if (timed) {
                try (PreparedStatement max = connection.prepareStatement("SELECT max(time_updated) FROM message");
                     ResultSet row = max.executeQuery()) {
                    long value = row.next() ? row.getLong(1) : 0;
                    if (!row.wasNull()) {
                        newest = value;
                    }
                }
            }
            boolean all = !timed || since == Long.MIN_VALUE || newest < since;
            try (PreparedStatement select = connection.prepareStatement("SELECT id, session_id, data FROM message"
                    + (all ? "" : " WHERE time_updated >= ?"))) {
                if (!all) {
                    select.setLong(1, since);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String data = rows.getString(3);
                        if (data != null) {
                            handler.row(rows.getString(1), rows.getString(2), data.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            connection.rollback();
            return newest;
        } catch (SQLException e) {
            throw new IOException("cannot read OpenCode's database " + database + ": " + e.getMessage(), e);
        }
    }
}
