package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small reads about projects and the database's state that several commands share. */
public final class ProjectReader {
    static final String PRUNED_BEFORE = "pruned_before";

    private final Connection connection;

    public ProjectReader(Connection connection) {
        this.connection = connection;
    }

    /** Pinned project name → position, 1 first. */
    public Map<String, Integer> pinOrder() throws SQLException {
        Map<String, Integer> order = new LinkedHashMap<>();
        return order;
    }

    /** The prune horizon: raw events before it were deleted (rollups kept); null if never pruned. */
    public Instant prunedBefore() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
            statement.setString(1, PRUNED_BEFORE);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? DbTime.parse(rs.getString(1)) : null;
            }
        }
    }
}
