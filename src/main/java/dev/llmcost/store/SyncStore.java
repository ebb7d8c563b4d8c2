package dev.llmcost.store;

import dev.llmcost.model.CostSource;
import dev.llmcost.model.Money;
import dev.llmcost.model.Origin;
import dev.llmcost.model.Tokens;
import dev.llmcost.model.UsageEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code llmcost sync}: pushing a local database's new events to a team database. The local side is read
 * in id order; the server keeps, per local database ("source"), the last local id it holds, and that
 * watermark moves in the same transaction as the batch's rows, so a sync killed mid-batch leaves the server
 * exactly as after the previous batch. Events without a key get {@code sync:<source>:<local id>}, so a batch
 * pushed twice is stored once; events with a key (imports, --id) keep it, so two machines pushing the same
 * imported file store it once.
 */
public final class SyncStore {
    static final String SOURCE_ID = "sync_source_id";

    /** One local event and its local id. */
    public record LocalEvent(long id, UsageEvent event) {
    }

    private SyncStore() {
    }

    /** This local database's name as a sync source: made once (a random UUID) and kept in its settings. */
    public static String localSourceId(Connection local) throws SQLException {
        try (PreparedStatement select = local.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
            select.setString(1, SOURCE_ID);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert = local.prepareStatement("INSERT INTO settings (key, value) VALUES (?, ?)")) {
            insert.setString(1, SOURCE_ID);
            insert.setString(2, id);
            insert.executeUpdate();
        }
        return id;
    }

    /** Up to {@code limit} local events after {@code afterId}, in id order, with their tags. */
    public static List<LocalEvent> readAfter(Connection local, long afterId, int limit) throws SQLException {
        List<LocalEvent> events = new ArrayList<>();
        Map<Long, Map<String, String>> tags = new HashMap<>();
        long lastId = afterId;
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement select = local.prepareStatement("""
                SELECT e.id, e.occurred_at, p.name, e.provider, e.model, e.input_tokens, e.output_tokens,
                  e.cache_write_tokens, e.cache_read_tokens, e.reasoning_tokens, e.cost_nanos, e.cost_source,
                  e."user", e.session, e.agent, e.task, e.run, e.request_type, e.duration_ms, e.event_key,
                  e.cost_basis, e.cache_write_1h_tokens
                FROM events e JOIN projects p ON p.id = e.project_id
                WHERE e.id > ? ORDER BY e.id LIMIT ?""")) {
            select.setLong(1, afterId);
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[22];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                    lastId = rs.getLong(1);
                }
            }
        }
        if (rows.isEmpty()) {
            return events;
        }
        try (PreparedStatement select = local.prepareStatement(
                "SELECT event_id, key, value FROM event_tags WHERE event_id > ? AND event_id <= ?")) {
            select.setLong(1, afterId);
            select.setLong(2, lastId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        for (Object[] r : rows) {
            long id = ((Number) r[0]).longValue();
            Number cost = (Number) r[10];
            Number duration = (Number) r[18];
            UsageEvent event = new UsageEvent(DbTime.parse((String) r[1]), (String) r[2], (String) r[3], (String) r[4],
                    new Tokens(num(r[5]), num(r[6]), num(r[7]), num(r[8]), num(r[9]), num(r[21])),
                    cost == null ? null : Money.fromNanos(cost.longValue()), CostSource.fromDb((String) r[11]),
                    new Origin((String) r[12], (String) r[13], (String) r[14], (String) r[15], (String) r[16],
                            (String) r[17]),
                    duration == null ? null : duration.longValue(), (String) r[19], tags.get(id), (String) r[20]);
            events.add(new LocalEvent(id, event));
        }
        return events;
    }

    private static long num(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The server's table of sources and their watermarks; made on first use, beside the numbered schema. */
    public static void ensureServerTables(Connection server) throws SQLException {
        Dialect.of(server).lockSchema(server);
        Dialect.exec(server, Dialect.of(server).ddl("""
                CREATE TABLE IF NOT EXISTS sync_sources (
                  source_id TEXT PRIMARY KEY,
                  user TEXT NOT NULL,
                  machine TEXT NOT NULL,
                  last_event_id INTEGER NOT NULL DEFAULT 0,
                  events INTEGER NOT NULL DEFAULT 0,
                  first_synced_at TEXT NOT NULL,
                  last_synced_at TEXT NOT NULL
                )"""));
    }

    /**
     * The last local id the server holds for {@code source}, locking the source's row until the transaction
     * ends, so two syncs of the same local database take turns instead of pushing the same batch twice.
     */
    public static long lockWatermark(Connection server, String source, String user, String machine, Instant now)
            throws SQLException {
        try (PreparedStatement insert = server.prepareStatement("""
                INSERT INTO sync_sources (source_id, "user", machine, first_synced_at, last_synced_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (source_id) DO NOTHING""")) {
            insert.setString(1, source);
            insert.setString(2, user);
            insert.setString(3, machine);
            insert.setString(4, DbTime.format(now));
            insert.setString(5, DbTime.format(now));
            insert.executeUpdate();
        }
        try (PreparedStatement select = server.prepareStatement(
                "SELECT last_event_id FROM sync_sources WHERE source_id = ?" + Dialect.of(server).forUpdate())) {
            select.setString(1, source);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The key an event has on the server: its own, else {@code sync:<source>:<local id>}, so a batch pushed
     * twice is stored once.
     */
    public static String serverKey(LocalEvent local, String source) {
        return local.event().eventKey() != null ? local.event().eventKey() : "sync:" + source + ":" + local.id();
    }

    /**
     * The key to re-send a local event under after its database's ids went backwards (emptied by prune or
     * restored from a copy before ids were kept, m010): an event with its own key keeps it (the server stores
     * it once); a keyless one keeps {@code sync:<source>:<id>} unless the server holds another event (another
     * time) under that key, from before the ids were reused: then its time makes it a key of its own. Null
     * when the server already holds this very event.
     */
    public static String resendKey(Connection server, LocalEvent local, String source) throws SQLException {
        String key = serverKey(local, source);
        if (local.event().eventKey() != null) {
            return key;
        }
        try (PreparedStatement select = server.prepareStatement("SELECT occurred_at FROM events WHERE event_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return key;
                }
                boolean same = rs.getString(1).equals(DbTime.format(local.event().occurredAt()));
                return same ? null : key + "@" + local.event().occurredAt().toEpochMilli();
            }
        }
    }

    /** Records here that {@code target} holds every local event up to {@code sentThrough}; never lowers it. */
    public static void markSent(Connection local, String target, long sentThrough, Instant now) throws SQLException {
        try (PreparedStatement upsert = local.prepareStatement("""
                INSERT INTO sync_targets (target, sent_through, synced_at) VALUES (?, ?, ?)
                ON CONFLICT (target) DO UPDATE SET synced_at = excluded.synced_at,
                  sent_through = """ + Dialect.of(local).greatest() + "(sync_targets.sent_through, excluded.sent_through)")) {
            upsert.setString(1, target);
            upsert.setLong(2, sentThrough);
            upsert.setString(3, DbTime.format(now));
            upsert.executeUpdate();
        }
    }

    /** Moves the watermark to {@code lastId}; must run in the transaction that stored the batch. */
    public static void advance(Connection server, String source, String user, String machine, long lastId,
                               long added, Instant now) throws SQLException {
        try (PreparedStatement update = server.prepareStatement("""
                UPDATE sync_sources SET last_event_id = ?, events = events + ?, "user" = ?, machine = ?,
                  last_synced_at = ? WHERE source_id = ?""")) {
            update.setLong(1, lastId);
            update.setLong(2, added);
            update.setString(3, user);
            update.setString(4, machine);
            update.setString(5, DbTime.format(now));
            update.setString(6, source);
            update.executeUpdate();
        }
    }
}
