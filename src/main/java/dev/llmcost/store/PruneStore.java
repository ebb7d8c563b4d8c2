package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** Deleting old raw events while the hourly rollup keeps their sums. */
public final class PruneStore {
    private final Connection connection;

    public PruneStore(Connection connection) {
        this.connection = connection;
    }

    public long countBefore(Instant cutoff) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM events WHERE occurred_at < ?")) {
            statement.setString(1, DbTime.format(cutoff));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes events before {@code cutoff} (their tags follow) and moves the prune horizon forward. */
    public long deleteBefore(Instant cutoff) throws SQLException {
        String at = DbTime.format(cutoff);
        long deleted;
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM events WHERE occurred_at < ?")) {
            statement.setString(1, at);
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
