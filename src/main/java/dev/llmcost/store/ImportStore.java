package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an import needs beyond inserting events: remembering the keys of the file being imported
 * (in a temporary table, so memory stays flat), summing what the database holds for exactly those
 * keys to prove the totals match, and logging the import.
 */
public final class ImportStore implements AutoCloseable {
    /** Sums per user ("" for none): records, input and output tokens, cost in nano-dollars. */
    public record Sums(long records, long inputTokens, long outputTokens, long costNanos) {
        public static final Sums ZERO = new Sums(0, 0, 0, 0);

        public Sums plus(Sums other) {
            return new Sums(records + other.records, inputTokens + other.inputTokens,
                    outputTokens + other.outputTokens, costNanos + other.costNanos);
        }
    }

    private final Connection connection;
    private final PreparedStatement rememberKey;

    public ImportStore(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement()) {
            // a bulk insert touches pages all over the indexes: keep them in memory, not spilled to the WAL
            statement.execute("PRAGMA cache_size = -32768");
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS import_keys (event_key TEXT PRIMARY KEY) WITHOUT ROWID");
            statement.execute("DELETE FROM temp.import_keys");
        }
        rememberKey = connection.prepareStatement("INSERT OR IGNORE INTO temp.import_keys (event_key) VALUES (?)");
    }

    /** Remembers a key of the file being imported; false if the file already had it. */
    public boolean remember(String eventKey) throws SQLException {
        rememberKey.setString(1, eventKey);
        return rememberKey.executeUpdate() == 1;
    }

    /** What the database holds for the remembered keys, per user. */
    public Map<String, Sums> storedSums() throws SQLException {
        Map<String, Sums> sums = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT coalesce(e.user, ''), count(*), sum(e.input_tokens), sum(e.output_tokens),
                       coalesce(sum(e.cost_nanos), 0)
                     FROM temp.import_keys k JOIN events e ON e.event_key = k.event_key
                     GROUP BY 1 ORDER BY 1""")) {
            while (rs.next()) {
                sums.put(rs.getString(1), new Sums(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return sums;
    }

    public void log(String source, String sha256, String shape, String backup, Instant now, long records, long added)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO imports (source, sha256, shape, backup, imported_at, records, added)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            statement.setString(1, source);
            statement.setString(2, sha256);
            statement.setString(3, shape);
            statement.setString(4, backup);
            statement.setString(5, DbTime.format(now));
            statement.setLong(6, records);
            statement.setLong(7, added);
            statement.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        rememberKey.close();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM temp.import_keys");
        }
    }
}
