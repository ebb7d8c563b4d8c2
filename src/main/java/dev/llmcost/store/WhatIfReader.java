package dev.llmcost.store;

import dev.llmcost.model.Tokens;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.WhatIf;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The raw calls of a report's range and filters, one at a time, for {@code report --price-as}:
 * a what-if price depends on each call's own size and time (tiers, dated and time-of-day prices),
 * so it cannot come from the rollups' sums. Only the events kept by prune are seen.
 */
public final class WhatIfReader {
    private final Connection connection;

    public WhatIfReader(Connection connection) {
        this.connection = connection;
    }

    public void calls(ReportQuery query, Consumer<WhatIf.Call> sink) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT e.occurred_at, p.name, e.provider, e.model, e."user", e.agent, e.session, e.task, e.request_type,
                  e.input_tokens, e.output_tokens, e.cache_write_tokens, e.cache_read_tokens, e.reasoning_tokens,
                  e.cache_write_1h_tokens
                FROM events e JOIN projects p ON p.id = e.project_id WHERE 1 = 1""");
        List<Object> params = new ArrayList<>();
        if (query.since() != null) {
            sql.append(" AND e.occurred_at >= ?");
            params.add(DbTime.format(query.since()));
        }
        if (query.until() != null) {
            sql.append(" AND e.occurred_at < ?");
            params.add(DbTime.format(query.until()));
        }
        String[][] filters = {{"p.name", query.project()}, {"e.model", query.model()}, {"e.provider", query.provider()},
                {"e.\"user\"", query.user()}, {"e.agent", query.agent()}};
        for (String[] filter : filters) {
            if (filter[1] != null) {
                sql.append(" AND ").append(filter[0]).append(" = ?");
                params.add(filter[1]);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                String[] names = {"project", "provider", "model", "user", "agent", "session", "task", "request_type"};
                while (rs.next()) {
                    String occurredAt = rs.getString(1);
                    Map<String, String> columns = new LinkedHashMap<>();
                    for (int i = 0; i < names.length; i++) {
                        columns.put(names[i], rs.getString(i + 2));
                    }
                    columns.put("hour", occurredAt.substring(0, 13));
                    sink.accept(new WhatIf.Call(columns, DbTime.parse(occurredAt), new Tokens(rs.getLong(10), rs.getLong(11),
                            rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15))));
                }
            }
        }
    }
}
