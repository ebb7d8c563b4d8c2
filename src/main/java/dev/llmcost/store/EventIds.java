package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Event ids that never go backwards in a SQLite file. SQLite gives a new row max(id) + 1, so once the newest
 * rows are deleted (a prune that empties the table, {@code projects remove}) their ids are handed out again;
 * {@code sync} remembers on the server the last local id it holds, and would skip every call recorded under a
 * reused id. The highest id ever handed out is kept in {@code settings} ({@code last_event_id}, seeded by
 * m010) and {@link EventWriter} numbers new rows after it. SQLite only: PostgreSQL's identity column never
 * reuses an id.
 */
public final class EventIds {
    static final String LAST_EVENT_ID = "last_event_id";

    private EventIds() {
    }

    /** The highest event id this database has handed out: the larger of the kept one and the largest in use. */
    public static long highest(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT max(coalesce((SELECT max(id) FROM events), 0),
                  coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0))""")) {
            select.setString(1, LAST_EVENT_ID);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Keeps {@code id} as handed out, unless a higher one already is; in the writing transaction. */
    public static void keep(Connection connection, long id) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO settings (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                WHERE CAST(excluded.value AS INTEGER) > CAST(settings.value AS INTEGER)""")) {
            upsert.setString(1, LAST_EVENT_ID);
            upsert.setString(2, Long.toString(id));
            upsert.executeUpdate();
        }
    }
}
