package dev.llmcost.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads one Antigravity conversation database ({@code conversations/<id>.db}), read-only: the protobuf blobs of
 * {@code gen_metadata} (one row per model generation, by {@code idx}) and of {@code trajectory_metadata_blob} (the
 * conversation's metadata). A missing table holds no rows. Decoding the blobs is the caller's.
 */
public final class AntigravityDatabase {
    /** One {@code gen_metadata} row. */
    public record Generation(long idx, byte[] data) {
    }

    /** The rows of one conversation; {@code trajectory} in row order. */
    public record Conversation(List<Generation> generations, List<byte[]> trajectory) {
    }

    private AntigravityDatabase() {
    }

    public static Conversation read(Path database) throws IOException {
        NativeLibrary.awaitWarmUp();
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        properties.setProperty("busy_timeout", "5000");
        List<Generation> generations = new ArrayList<>();
        List<byte[]> trajectory = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), properties)) {
            if (exists(connection, "gen_metadata")) {
                try (PreparedStatement select = connection.prepareStatement("SELECT idx, data FROM gen_metadata ORDER BY idx ASC");
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        generations.add(new Generation(rows.getLong(1), rows.getBytes(2)));
                    }
                }
            }
            if (exists(connection, "trajectory_metadata_blob")) {
                try (PreparedStatement select = connection.prepareStatement("SELECT data FROM trajectory_metadata_blob ORDER BY rowid ASC");
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        trajectory.add(rows.getBytes(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read Antigravity's database " + database + ": " + e.getMessage(), e);
        }
        return new Conversation(generations, trajectory);
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            exists.setString(1, table);
            try (ResultSet found = exists.executeQuery()) {
                return found.next();
            }
        }
    }
}
