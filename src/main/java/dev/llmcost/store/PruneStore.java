package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deleting old raw events while the hourly rollup keeps their sums. */
public final class PruneStore {
    private final Connection connection;

    public PruneStore(Connection connection) {
        this.connection = connection;
    }

    /** Events before {@code cutoff} with ids up to {@code throughId}. */
    public long countBefore(Instant cutoff, long throughId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM events WHERE occurred_at < ? AND id <= ?")) {
            statement.setString(1, DbTime.format(cutoff));
            statement.setLong(2, throughId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The highest event id every sync target holds ({@code sync_targets}), or {@link Long#MAX_VALUE} when this
     * database was never synced: a prune that keeps unsent events deletes only ids up to it.
     */
    public long sentToEveryTarget() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT min(sent_through) FROM sync_targets")) {
            rs.next();
            long sent = rs.getLong(1);
            return rs.wasNull() ? Long.MAX_VALUE : sent;
        }
    }

    /** The sync targets that do not hold every event up to {@code id} yet. */
    public List<String> targetsBehind(long id) throws SQLException {
        List<String> targets = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT target FROM sync_targets WHERE sent_through < ? ORDER BY target")) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    targets.add(rs.getString(1));
                }
            }
        }
        return targets;
    }

    /** The highest id among events before {@code cutoff}, 0 when there are none. */
    public long lastIdBefore(Instant cutoff) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT coalesce(max(id), 0) FROM events WHERE occurred_at < ?")) {
            statement.setString(1, DbTime.format(cutoff));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Deletes events before {@code cutoff} with ids up to {@code throughId} (their tags follow) and moves the
     * prune horizon forward.
     */
    public long deleteBefore(Instant cutoff, long throughId) throws SQLException {
        String at = DbTime.format(cutoff);
        long deleted;
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM events WHERE occurred_at < ? AND id <= ?")) {
            statement.setString(1, at);
            statement.setLong(2, throughId);
            deleted = statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO settings (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = """ + Dialect.of(connection).greatest()
                + "(settings.value, excluded.value)")) {
            statement.setString(1, ProjectStore.PRUNED_BEFORE);
            statement.setString(2, at);
            statement.executeUpdate();
        }
        return deleted;
    }

    /** Rewrites the file to give freed pages back to the disk; runs outside any transaction. */
    public static void vacuum(Store store) {
        try (Statement statement = store.connection().createStatement()) {
            statement.execute("VACUUM");
        } catch (SQLException e) {
            throw Store.runtime(store.label(), Store.describe(e), e);
        }
    }
}
