package dev.llmcost.store;

import dev.llmcost.model.Money;
import dev.llmcost.model.Tokens;
import dev.llmcost.model.UsageEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/** Inserts events inside a write transaction; statements are prepared once for a whole batch. */
public final class EventWriter implements AutoCloseable {
    private final PreparedStatement upsertProject;
    private final PreparedStatement insertEvent;
    private final PreparedStatement insertTag;
    private final Map<String, Long> projectIds = new HashMap<>();
    private final String now;

    public EventWriter(Connection connection, java.time.Clock clock) throws SQLException {
        upsertProject = connection.prepareStatement("""
                INSERT INTO projects (name, created_at) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET name = excluded.name
                RETURNING id""");
        insertEvent = connection.prepareStatement("""
                INSERT INTO events (occurred_at, project_id, provider, model, input_tokens,
                  output_tokens, cache_write_tokens, cache_read_tokens, reasoning_tokens, cost_nanos,
                  cost_source, user, session, agent, task, run, request_type, duration_ms, event_key,
                  recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (event_key) DO NOTHING""");
        insertTag = connection.prepareStatement(
                "INSERT INTO event_tags (event_id, key, value) VALUES (last_insert_rowid(), ?, ?)");
        now = DbTime.format(clock.instant());
    }

    /** Stores {@code event}; false when its event key is already stored (nothing is written then). */
    public boolean insert(UsageEvent event) throws SQLException {
        int i = 0;
        insertEvent.setString(++i, DbTime.format(event.occurredAt()));
        insertEvent.setLong(++i, projectId(event.project()));
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
        insertEvent.setString(++i, event.user());
        insertEvent.setString(++i, event.session());
        insertEvent.setString(++i, event.agent());
        insertEvent.setString(++i, event.task());
        insertEvent.setString(++i, event.run());
        insertEvent.setString(++i, event.requestType());
        if (event.durationMs() == null) {
            insertEvent.setNull(++i, Types.INTEGER);
        } else {
            insertEvent.setLong(++i, event.durationMs());
        }
        insertEvent.setString(++i, event.eventKey());
        insertEvent.setString(++i, now);
        if (insertEvent.executeUpdate() == 0) {
            return false;
        }
        for (Map.Entry<String, String> tag : event.tags().entrySet()) {
            insertTag.setString(1, tag.getKey());
            insertTag.setString(2, tag.getValue());
            insertTag.executeUpdate();
        }
        return true;
    }

    private long projectId(String name) throws SQLException {
        Long cached = projectIds.get(name);
        if (cached != null) {
            return cached;
        }
        upsertProject.setString(1, name);
        upsertProject.setString(2, now);
        try (ResultSet rs = upsertProject.executeQuery()) {
            rs.next();
            long id = rs.getLong(1);
            projectIds.put(name, id);
            return id;
        }
    }

    @Override
    public void close() throws SQLException {
        upsertProject.close();
        insertEvent.close();
        insertTag.close();
    }
}
