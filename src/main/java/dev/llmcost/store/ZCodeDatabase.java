package dev.llmcost.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Reads ZCode CLI's SQLite store ({@code cli/db/db.sqlite}), read-only: one {@code model_usage} row per model
 * request, its session's working directory in {@code session.directory}. Columns added by later ZCode versions
 * (cache counts, reasoning, provider) are read when present and null otherwise, so older databases still read.
 */
public final class ZCodeDatabase {
    /** One {@code model_usage} row with {@code status = 'completed'}; counts and times as SQLite holds them (may be null). */
    public record Row(String id, String sessionId, Object startedAt, String model, String provider, Object input,
                      Object output, Object cacheCreation, Object cacheRead, Object reasoning, String directory) {
    }

    /** What to do with each row; may throw to stop the walk. */
    @FunctionalInterface
    public interface RowHandler<E extends Exception> {
        void row(Row row) throws E;
    }

    private static final String[] OPTIONAL = {"provider_id", "cache_creation_input_tokens", "cache_read_input_tokens",
            "reasoning_tokens"};

    private ZCodeDatabase() {
    }

    /** Every completed {@code model_usage} row; a database without that table has none. */
    public static <E extends Exception> void forEachCompleted(Path database, RowHandler<E> handler) throws IOException, E {
        NativeLibrary.awaitWarmUp();
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        properties.setProperty("busy_timeout", "5000");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), properties)) {
            Set<String> usage = columns(connection, "model_usage");
            if (usage.isEmpty()) {
                return;
            }
            for (String required : new String[] {"id", "session_id", "started_at", "model_id", "input_tokens", "output_tokens", "status"}) {
                if (!usage.contains(required)) {
                    throw new IOException("ZCode's database " + database + " has no model_usage." + required);
                }
            }
            StringBuilder sql = new StringBuilder("SELECT m.id, m.session_id, m.started_at, m.model_id, m.input_tokens, m.output_tokens");
            for (String column : OPTIONAL) {
                sql.append(usage.contains(column) ? ", m." + column : ", NULL");
            }
            Set<String> session = columns(connection, "session");
            // a versioned session table may hold one row per version: one directory per session, rows never doubled
            sql.append(session.contains("id") && session.contains("directory")
                    ? ", (SELECT s.directory FROM session s WHERE s.id = m.session_id LIMIT 1)" : ", NULL");
            sql.append(" FROM model_usage m WHERE m.status = 'completed'");
            try (PreparedStatement select = connection.prepareStatement(sql.toString());
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    handler.row(new Row(rows.getString(1), rows.getString(2), rows.getObject(3), rows.getString(4),
                            rows.getString(7), rows.getObject(5), rows.getObject(6), rows.getObject(8), rows.getObject(9),
                            rows.getObject(10), rows.getString(11)));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read ZCode's database " + database + ": " + e.getMessage(), e);
        }
    }

    /** The column names of {@code table}; empty when there is no such table. */
    private static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement info = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            info.setString(1, table);
            try (ResultSet rows = info.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return columns;
    }
}
