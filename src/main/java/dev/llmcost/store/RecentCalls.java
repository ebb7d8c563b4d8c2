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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The latest calls, newest first (the dashboard's "recent calls"); read from the occurred_at index backwards. */
public final class RecentCalls {
    private final Connection connection;

    public RecentCalls(Connection connection) {
        this.connection = connection;
    }

    /** At most {@code limit} calls, newest first; tags are not read. */
    public List<UsageEvent> latest(int limit) throws SQLException {
        List<UsageEvent> calls = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT e.occurred_at, p.name, e.provider, e.model, e.input_tokens, e.output_tokens,
                  e.cache_write_tokens, e.cache_read_tokens, e.reasoning_tokens, e.cost_nanos, e.cost_source,
                  e."user", e.session, e.agent, e.task, e.run, e.request_type, e.duration_ms, e.event_key
                FROM events e JOIN projects p ON p.id = e.project_id
                ORDER BY e.occurred_at DESC, e.id DESC
                LIMIT ?""")) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long nanos = rs.getLong(10);
                    boolean priced = !rs.wasNull();
                    long duration = rs.getLong(18);
                    Long durationMs = rs.wasNull() ? null : duration;
                    calls.add(new UsageEvent(DbTime.parse(rs.getString(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), new Tokens(rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                            rs.getLong(9)), priced ? Money.fromNanos(nanos) : null,
                            CostSource.fromDb(rs.getString(11)), new Origin(rs.getString(12), rs.getString(13),
                            rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17)),
                            durationMs, rs.getString(19), Map.of()));
                }
            }
        }
        return calls;
    }
}
