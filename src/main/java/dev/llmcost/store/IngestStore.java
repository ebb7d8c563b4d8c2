package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** How far each agent log has been read, so a re-run reads only what was appended. */
public final class IngestStore {
    private final Connection connection;

    public IngestStore(Connection connection) {
        this.connection = connection;
    }

    /** The byte offset up to which {@code path} has been read; 0 when never read. */
    public long offset(String path) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT \"offset\" FROM ingested_files WHERE path = ?")) {
            statement.setString(1, path);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public void markRead(String path, String source, long size, long offset, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO ingested_files (path, source, size, "offset", updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (path) DO UPDATE SET size = excluded.size, "offset" = excluded."offset",
                  updated_at = excluded.updated_at""")) {
            statement.setString(1, path);
            statement.setString(2, source);
            statement.setLong(3, size);
            statement.setLong(4, offset);
            statement.setString(5, DbTime.format(now));
            statement.executeUpdate();
        }
    }
}
