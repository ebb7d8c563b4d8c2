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
        NativeLibrary.awaitWarmUp();
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        properties.setProperty("busy_timeout", "5000");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), properties)) {
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'message'");
                 ResultSet found = exists.executeQuery()) {
                if (!found.next()) {
                    return;
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT id, session_id, data FROM message");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String data = rows.getString(3);
                    if (data != null) {
                        handler.row(rows.getString(1), rows.getString(2), data.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read OpenCode's database " + database + ": " + e.getMessage(), e);
        }
    }
}
