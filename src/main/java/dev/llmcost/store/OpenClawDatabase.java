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
 * Reads OpenClaw's per-agent SQLite store ({@code agents/AGENT/agent/openclaw-agent.sqlite}), read-only: its
 * {@code transcript_events} table holds a session's transcript entries in order, one JSON entry a row.
 */
public final class OpenClawDatabase {
    /** What to do with each transcript row; may throw to stop the walk. */
    @FunctionalInterface
    public interface RowHandler<E extends Exception> {
        void row(String sessionId, byte[] eventJson, String createdAt) throws E;
    }

    private OpenClawDatabase() {
    }

    /** Every row of {@code transcript_events} by session and sequence; a database without that table has none. */
    public static <E extends Exception> void forEachEvent(Path database, RowHandler<E> handler) throws IOException, E {
        NativeLibrary.awaitWarmUp();
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        properties.setProperty("busy_timeout", "5000");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), properties)) {
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'transcript_events'");
                 ResultSet found = exists.executeQuery()) {
                if (!found.next()) {
                    return;
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT session_id, event_json, created_at FROM transcript_events ORDER BY session_id, seq");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String json = rows.getString(2);
                    if (json != null) {
                        handler.row(rows.getString(1), json.getBytes(StandardCharsets.UTF_8), rows.getString(3));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read OpenClaw's database " + database + ": " + e.getMessage(), e);
        }
    }
}
