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
     * {@code since}; every row when none is that recent (the rows of the last read are gone: a database replaced by
     * an older copy) or the table has no {@code time_updated} column. Returns the newest {@code time_updated} read,
     * {@link Long#MIN_VALUE} when none.
     */
    public static <E extends Exception> long forEachMessageSince(Path database, long since, RowHandler<E> handler)
            throws IOException, E {
        NativeLibrary.awaitWarmUp();
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        properties.setProperty("busy_timeout", "5000");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), properties)) {
            connection.setAutoCommit(false); // one read transaction: both queries see the same rows
            boolean table = false;
            boolean timed = false;
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
            String select = "SELECT id, session_id, data, " + (timed ? "time_updated" : "NULL") + " FROM message";
            long[] newest = {Long.MIN_VALUE, 0};
            if (timed && since != Long.MIN_VALUE) {
                try (PreparedStatement recent = connection.prepareStatement(select + " WHERE time_updated >= ?")) {
                    recent.setLong(1, since);
                    read(recent, handler, newest);
                }
                if (newest[1] > 0) {
                    return newest[0];
                }
            }
            try (PreparedStatement all = connection.prepareStatement(select)) {
                read(all, handler, newest);
            }
            return newest[0];
        } catch (SQLException e) {
            throw new IOException("cannot read OpenCode's database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Hands each row over; {@code newest} = {the newest time_updated, the rows read}. */
    private static <E extends Exception> void read(PreparedStatement select, RowHandler<E> handler, long[] newest)
            throws SQLException, E {
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long updated = rows.getLong(4);
                if (!rows.wasNull()) {
                    newest[0] = Math.max(newest[0], updated);
                }
                newest[1]++;
                String data = rows.getString(3);
                if (data != null) {
                    handler.row(rows.getString(1), rows.getString(2), data.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
