package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import needs beyond inserting events: telling a key stored before this file from one the
 * file repeats, summing what the database holds for exactly the file's records to prove the totals
 * match, and logging the import. Rows this file adds are the ones with an id from {@link #firstNewId}
 * on (rowids only grow inside the write transaction); rows it names that were already there are
 * read back one by one, so memory stays flat and no per-key side table is written.
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
    private final PreparedStatement findKey;
    private final long firstNewId;
    private final Map<String, Sums> alreadyStored = new HashMap<>();

    public ImportStore(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement statement = connection.createStatement()) {
            Dialect.of(connection).beforeBulkImport(connection);
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM events")) {
                rs.next();
                firstNewId = rs.getLong(1);
            }
        }
        findKey = connection.prepareStatement("""
                SELECT id, coalesce("user", ''), input_tokens, output_tokens, coalesce(cost_nanos, 0)
                FROM events WHERE event_key = ?""");
    }

    /**
     * For a key the insert found stored already: true if it was there before this file (its stored
     * values then count towards the file's totals), false if this file named it earlier.
     */
    public boolean storedBeforeThisFile(String eventKey) throws SQLException {
        findKey.setString(1, eventKey);
        try (ResultSet rs = findKey.executeQuery()) {
            if (!rs.next() || rs.getLong(1) >= firstNewId) {
                return false;
            }
            alreadyStored.merge(rs.getString(2), new Sums(1, rs.getLong(3), rs.getLong(4), rs.getLong(5)), Sums::plus);
            return true;
        }
    }

    /** What the database holds for the file's records, per user: the rows it added and those already there. */
    public Map<String, Sums> storedSums() throws SQLException {
        Map<String, Sums> sums = new TreeMap<>(alreadyStored);
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT coalesce("user", ''), count(*), sum(input_tokens), sum(output_tokens), coalesce(sum(cost_nanos), 0)
                FROM events WHERE id >= ? GROUP BY 1""")) {
            statement.setLong(1, firstNewId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sums.merge(rs.getString(1), new Sums(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                            Sums::plus);
                }
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
        findKey.close();
    }
}
