package dev.llmcost.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads another program's SQLite database read-only, a row at a time, each row as its columns by lower-case
 * name (Goose's {@code sessions.db}, Kilo's {@code kilo.db}, Hermes' {@code state.db}). Their schemas vary by
 * version, so agents select {@code *} and look for the columns they know; a missing table is no rows.
 */
public final class ForeignDatabase {
    /** What to do with each row (values as the driver gives them: String, Integer/Long, Double, byte[] or null). */
    @FunctionalInterface
    public interface RowHandler<E extends Exception> {
        void row(Map<String, Object> columns) throws E;
    }

    private ForeignDatabase() {
    }

    /** Runs {@code sql} on {@code database} when it has a table named {@code table}; nothing otherwise. */
    public static <E extends Exception> void forEachRow(Path database, String table, String sql, RowHandler<E> handler)
            throws IOException, E {
        NativeLibrary.awaitWarmUp();
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        properties.setProperty("busy_timeout", "5000");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), properties)) {
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                exists.setString(1, table);
                try (ResultSet found = exists.executeQuery()) {
                    if (!found.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(sql);
                 ResultSet rows = select.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                String[] names = new String[meta.getColumnCount()];
                for (int i = 0; i < names.length; i++) {
                    names[i] = meta.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
                }
                while (rows.next()) {
                    Map<String, Object> columns = new HashMap<>();
                    for (int i = 0; i < names.length; i++) {
                        columns.put(names[i], rows.getObject(i + 1));
                    }
                    handler.row(columns);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read " + database + ": " + e.getMessage(), e);
        }
    }
}
