package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** How far each agent log has been read, so a re-run reads only what was appended or rewritten. */
public final class IngestStore implements AutoCloseable {
    /** What was known of one file after its last read: its size and mtime then, and the bytes read (complete lines). */
    public record FileState(long size, long offset, Long mtimeMs) {
    }

    private final Connection connection;
    private PreparedStatement markRead;

    public IngestStore(Connection connection) {
        this.connection = connection;
    }

    /** The byte offset up to which {@code path} has been read; 0 when never read. */
    public long offset(String path) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT offset FROM ingested_files WHERE path = ?")) {
            statement.setString(1, path);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Every file read so far for {@code source}, by path: one query, however many files. */
    public Map<String, FileState> files(String source) throws SQLException {
        Map<String, FileState> files = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT path, size, offset, mtime_ms FROM ingested_files WHERE source = ?")) {
            statement.setString(1, source);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long mtime = rs.getLong(4);
                    files.put(rs.getString(1), new FileState(rs.getLong(2), rs.getLong(3), rs.wasNull() ? null : mtime));
                }
            }
        }
        return files;
    }

    /** Calls stored per agent (the events' {@code agent} column), for {@code ingest --list}. */
    public Map<String, Long> callsByAgent() throws SQLException {
        Map<String, Long> calls = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT agent, count(*) FROM events WHERE agent IS NOT NULL GROUP BY agent");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                calls.put(rs.getString(1), rs.getLong(2));
            }
        }
        return calls;
    }

    public void markRead(String path, String source, long size, long offset, Instant now) throws SQLException {
        markRead(path, source, new FileState(size, offset, null), now);
    }

    /** Records what was read of {@code path}; call it in the transaction that stores the calls read. */
    public void markRead(String path, String source, FileState state, Instant now) throws SQLException {
        if (markRead == null) {
            markRead = connection.prepareStatement("""
                    INSERT INTO ingested_files (path, source, size, offset, mtime_ms, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (path) DO UPDATE SET size = excluded.size, offset = excluded.offset,
                      mtime_ms = excluded.mtime_ms, updated_at = excluded.updated_at""");
        }
        markRead.setString(1, path);
        markRead.setString(2, source);
        markRead.setLong(3, state.size());
        markRead.setLong(4, state.offset());
        if (state.mtimeMs() == null) {
            markRead.setNull(5, java.sql.Types.INTEGER);
        } else {
            markRead.setLong(5, state.mtimeMs());
        }
        markRead.setString(6, DbTime.format(now));
        markRead.executeUpdate();
    }

    /** Closes the statement kept between calls of {@link #markRead}. */
    @Override
    public void close() throws SQLException {
        if (markRead != null) {
            markRead.close();
            markRead = null;
        }
    }
}
