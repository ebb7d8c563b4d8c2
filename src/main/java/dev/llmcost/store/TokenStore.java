package dev.llmcost.store;

import dev.llmcost.model.ApiToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** serve's per-person tokens ({@code api_tokens}): only their SHA-256 is kept. */
public final class TokenStore {
    private final Connection connection;

    public TokenStore(Connection connection) {
        this.connection = connection;
    }

    public void add(String token, String user, ApiToken.Role role, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO api_tokens (id, token_hash, user_name, role, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, token.substring(0, ApiToken.ID_LENGTH));
            insert.setString(2, hash(token));
            insert.setString(3, user);
            insert.setString(4, role.dbName());
            insert.setString(5, DbTime.format(now));
            insert.executeUpdate();
        }
    }

    /** Every token, oldest first, revoked ones included. */
    public List<ApiToken> list() throws SQLException {
        List<ApiToken> tokens = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, user_name, role, created_at, revoked_at FROM api_tokens ORDER BY created_at, id");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                tokens.add(token(rs));
            }
        }
        return tokens;
    }

    /** True when an active token with that id was revoked now. */
    public boolean revoke(String id, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            update.setString(1, DbTime.format(now));
            update.setString(2, id);
            return update.executeUpdate() > 0;
        }
    }

    /** The active token whose secret this is. */
    public Optional<ApiToken> find(String token) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, user_name, role, created_at, revoked_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
            select.setString(1, hash(token));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(token(rs)) : Optional.empty();
            }
        }
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        String revoked = rs.getString(5);
        return new ApiToken(rs.getString(1), rs.getString(2), ApiToken.Role.fromDb(rs.getString(3)),
                DbTime.parse(rs.getString(4)), revoked == null ? null : DbTime.parse(revoked));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
