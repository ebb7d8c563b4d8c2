package dev.llmcost.store;

import dev.llmcost.model.Money;
import dev.llmcost.model.Origin;
import dev.llmcost.model.Tokens;
import dev.llmcost.model.UsageEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * Inserts events inside a write transaction, and keeps the hourly and daily rollups in step: each event's
 * sums are added in memory and written, sorted, every {@link #FLUSH_EVERY} distinct rollup rows
 * and on {@link #close()}, which must run before the transaction commits (try-with-resources).
 */
public final class EventWriter implements AutoCloseable {
    private static final int FLUSH_EVERY = 20_000;

    /** One row of usage_hourly. */
    private record RollupKey(String hour, long projectId, String provider, String model, String user)
            implements Comparable<RollupKey> {
        @Override
        public int compareTo(RollupKey o) {
            int c = hour.compareTo(o.hour);
            if (c == 0) {
                c = Long.compare(projectId, o.projectId);
            }
            if (c == 0) {
                c = provider.compareTo(o.provider);
            }
            if (c == 0) {
                c = model.compareTo(o.model);
            }
            return c != 0 ? c : user.compareTo(o.user);
        }
    }

    private final java.util.TreeMap<RollupKey, long[]> pendingRollup = new java.util.TreeMap<>();
    /** The same sums by UTC day: the key's {@code hour} holds the day. */
    private final java.util.TreeMap<RollupKey, long[]> pendingDaily = new java.util.TreeMap<>();
    private final PreparedStatement upsertRollup;
    private final PreparedStatement upsertDaily;
    private final PreparedStatement selectProject;
    private final PreparedStatement upsertProject;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertTag;
    private final Map<String, Long> projectIds = new HashMap<>();
    private final String now;
    private final Connection connection;
    /** SQLite: the last id handed out ({@link EventIds}); -1 on PostgreSQL, whose identity column numbers rows. */
    private long lastId;
    private final long firstLastId;

    public EventWriter(Connection connection, java.time.Clock clock) throws SQLException {
        this.connection = connection;
        boolean sqlite = Dialect.of(connection) == Dialect.SQLITE;
        lastId = sqlite ? EventIds.highest(connection) : -1;
        firstLastId = lastId;
        // Look up first, insert only when missing: an upsert that updates locks the project's row until commit,
        // which on a server made every concurrent writer to the project wait for the longest transaction.
        selectProject = connection.prepareStatement("SELECT id FROM projects WHERE name = ?");
        upsertProject = connection.prepareStatement("""
                INSERT INTO projects (name, created_at) VALUES (?, ?)
                ON CONFLICT (name) DO NOTHING
                RETURNING id""");
        insertEvent = connection.prepareStatement("INSERT INTO events (" + (sqlite ? "id, " : "") + """
                occurred_at, project_id, provider, model, input_tokens,
                  output_tokens, cache_write_tokens, cache_read_tokens, reasoning_tokens, cost_nanos,
                  cost_source, "user", session, agent, task, run, request_type, duration_ms, event_key,
                  recorded_at, cost_basis, cache_write_1h_tokens)
                VALUES (""" + (sqlite ? "?, " : "") + """
                ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (event_key) DO NOTHING""");
        upsertRollup = connection.prepareStatement(upsert("usage_hourly", "hour"));
        upsertDaily = connection.prepareStatement(upsert("usage_daily", "day"));
        insertTag = connection.prepareStatement(
                "INSERT INTO event_tags (event_id, key, value) VALUES (" + Dialect.of(connection).lastEventId() + ", ?, ?)");
        now = DbTime.format(clock.instant());
    }

    private static String upsert(String table, String timeColumn) {
        return "INSERT INTO " + table + " (" + timeColumn + """
                , project_id, provider, model, "user", requests, input_tokens,
                  output_tokens, cache_write_tokens, cache_read_tokens, reasoning_tokens, cost_nanos,
                  unpriced_requests)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (""" + timeColumn + """
                , project_id, provider, model, "user") DO UPDATE SET
                  requests = %1$s.requests + excluded.requests,
                  input_tokens = %1$s.input_tokens + excluded.input_tokens,
                  output_tokens = %1$s.output_tokens + excluded.output_tokens,
                  cache_write_tokens = %1$s.cache_write_tokens + excluded.cache_write_tokens,
                  cache_read_tokens = %1$s.cache_read_tokens + excluded.cache_read_tokens,
                  reasoning_tokens = %1$s.reasoning_tokens + excluded.reasoning_tokens,
                  cost_nanos = %1$s.cost_nanos + excluded.cost_nanos,
                  unpriced_requests = %1$s.unpriced_requests + excluded.unpriced_requests""".formatted(table);
    }

    /** Stores {@code event}; false when its event key is already stored (nothing is written then). */
    public boolean insert(UsageEvent event) throws SQLException {
        int i = 0;
        if (lastId >= 0) {
            insertEvent.setLong(++i, lastId + 1);
        }
        String occurredAt = DbTime.format(event.occurredAt());
        long projectId = projectId(event.project());
        insertEvent.setString(++i, occurredAt);
        insertEvent.setLong(++i, projectId);
        insertEvent.setString(++i, event.provider());
        insertEvent.setString(++i, event.model());
        Tokens tokens = event.tokens();
        insertEvent.setLong(++i, tokens.input());
        insertEvent.setLong(++i, tokens.output());
        insertEvent.setLong(++i, tokens.cacheWrite());
        insertEvent.setLong(++i, tokens.cacheRead());
        insertEvent.setLong(++i, tokens.reasoning());
        if (event.costUsd() == null) {
            insertEvent.setNull(++i, Types.INTEGER);
        } else {
            insertEvent.setLong(++i, Money.toNanos(event.costUsd()));
        }
        insertEvent.setString(++i, event.costSource().dbName());
        Origin origin = event.origin();
        insertEvent.setString(++i, origin.user());
        insertEvent.setString(++i, origin.session());
        insertEvent.setString(++i, origin.agent());
        insertEvent.setString(++i, origin.task());
        insertEvent.setString(++i, origin.run());
        insertEvent.setString(++i, origin.requestType());
        if (event.durationMs() == null) {
            insertEvent.setNull(++i, Types.INTEGER);
        } else {
            insertEvent.setLong(++i, event.durationMs());
        }
        insertEvent.setString(++i, event.eventKey());
        insertEvent.setString(++i, now);
        insertEvent.setString(++i, event.costBasis());
        insertEvent.setLong(++i, tokens.cacheWrite1h());
        if (insertEvent.executeUpdate() == 0) {
            return false;
        }
        if (lastId >= 0) {
            lastId++;
        }
        addToRollup(new RollupKey(occurredAt.substring(0, 13), projectId, event.provider(), event.model(),
                origin.userOrEmpty()), event);
        for (Map.Entry<String, String> tag : event.tags().entrySet()) {
            insertTag.setString(1, tag.getKey());
            insertTag.setString(2, tag.getValue());
            insertTag.executeUpdate();
        }
        return true;
    }

    private void addToRollup(RollupKey key, UsageEvent event) throws SQLException {
        add(pendingRollup.computeIfAbsent(key, k -> new long[8]), event);
        RollupKey day = new RollupKey(key.hour().substring(0, 10), key.projectId(), key.provider(), key.model(), key.user());
        add(pendingDaily.computeIfAbsent(day, k -> new long[8]), event);
        if (pendingRollup.size() >= FLUSH_EVERY) {
            flushRollup();
        }
    }

    private static void add(long[] sums, UsageEvent event) {
        Tokens tokens = event.tokens();
        sums[0]++;
        sums[1] += tokens.input();
        sums[2] += tokens.output();
        sums[3] += tokens.cacheWrite();
        sums[4] += tokens.cacheRead();
        sums[5] += tokens.reasoning();
        if (event.costUsd() == null) {
            sums[7]++;
        } else {
            sums[6] += Money.toNanos(event.costUsd());
        }
    }

    private void flushRollup() throws SQLException {
        for (java.util.Map.Entry<RollupKey, long[]> entry : pendingRollup.entrySet()) {
            write(upsertRollup, entry.getKey(), entry.getValue());
        }
        for (java.util.Map.Entry<RollupKey, long[]> entry : pendingDaily.entrySet()) {
            write(upsertDaily, entry.getKey(), entry.getValue());
        }
        pendingRollup.clear();
        pendingDaily.clear();
    }

    private static void write(PreparedStatement upsert, RollupKey key, long[] sums) throws SQLException {
        upsert.setString(1, key.hour());
        upsert.setLong(2, key.projectId());
        upsert.setString(3, key.provider());
        upsert.setString(4, key.model());
        upsert.setString(5, key.user());
        for (int i = 0; i < 8; i++) {
            upsert.setLong(6 + i, sums[i]);
        }
        upsert.executeUpdate();
    }

    private long projectId(String name) throws SQLException {
        Long cached = projectIds.get(name);
        if (cached != null) {
            return cached;
        }
        Long id = find(name);
        if (id == null) {
            upsertProject.setString(1, name);
            upsertProject.setString(2, now);
            try (ResultSet rs = upsertProject.executeQuery()) {
                id = rs.next() ? rs.getLong(1) : null;
            }
        }
        if (id == null) {
            id = find(name); // another writer inserted it meanwhile
        }
        projectIds.put(name, id);
        return id;
    }

    private Long find(String name) throws SQLException {
        selectProject.setString(1, name);
        try (ResultSet rs = selectProject.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    /** Writes the pending rollup sums; the transaction must not commit without it. */
    @Override
    public void close() throws SQLException {
        try {
            flushRollup();
            if (lastId > firstLastId) {
                EventIds.keep(connection, lastId);
            }
        } finally {
            upsertRollup.close();
            upsertDaily.close();
        }
        selectProject.close();
        upsertProject.close();
        insertEvent.close();
        insertTag.close();
    }
}
