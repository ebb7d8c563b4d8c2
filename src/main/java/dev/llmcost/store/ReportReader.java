package dev.llmcost.store;

import dev.llmcost.report.Blocks;
import dev.llmcost.report.GroupBy;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.Totals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sums usage grouped by the columns a report needs. Whole hours come from the hourly rollup (which
 * prune never touches); the partial hours at either end of the range come from raw events, so a
 * range like "the last 7 days" is exact to the millisecond. Reports by agent, session, task,
 * request type or tag need raw events throughout.
 */
public final class ReportReader {
    /** The raw values behind a report's groups; time groups get the UTC hour, {@code 2026-11-24T11}. */
    public record Group(Map<String, String> columns, Totals totals) {
    }

    private final Connection connection;

    public ReportReader(Connection connection) {
        this.connection = connection;
    }

    /** The source column each --by needs (family and mode derive from model and provider). */
    public static String baseColumn(GroupBy group, int index) {
        return switch (group.dimension()) {
            case MODEL, FAMILY -> "model";
            case PROVIDER, MODE -> "provider";
            case PROJECT -> "project";
            case USER -> "user";
            case AGENT -> "agent";
            case SESSION -> "session";
            case TASK -> "task";
            case REQUEST_TYPE -> "request_type";
            case DAY, WEEK, MONTH -> "hour";
            case TAG -> "tag_" + index;
            case BLOCK -> "occurred_at";
        };
    }

    public List<Group> sum(ReportQuery query) throws SQLException {
        List<String> columns = new ArrayList<>();
        Map<String, String> tagColumns = new LinkedHashMap<>();
        for (int i = 0; i < query.groups().size(); i++) {
            GroupBy group = query.groups().get(i);
            String column = baseColumn(group, i);
            if (!columns.contains(column)) {
                columns.add(column);
            }
            if (group.tagKey() != null) {
                tagColumns.put(column, group.tagKey());
            }
        }
        List<Object> params = new ArrayList<>();
        // Each source branch is summed on its own first, so only grouped rows are combined:
        // materialising a month of raw rollup rows before grouping cost ten times the query.
        List<String> inner = columns.stream().map(c -> quote(c.equals("project") ? "project_id" : c)).toList();
        String innerList = String.join(", ", inner);
        StringBuilder union = new StringBuilder();
        for (String branch : sources(query, tagColumns, params)) {
            union.append(union.length() == 0 ? "" : " UNION ALL ").append("SELECT ")
                    .append(inner.isEmpty() ? "" : innerList + ", ")
                    .append("""
                            sum(requests) AS requests, sum(input_tokens) AS input_tokens,
                              sum(output_tokens) AS output_tokens, sum(cache_write_tokens) AS cache_write_tokens,
                              sum(cache_read_tokens) AS cache_read_tokens, sum(reasoning_tokens) AS reasoning_tokens,
                              sum(cost_nanos) AS cost_nanos, sum(unpriced) AS unpriced
                            FROM (""").append(branch).append(") b")
                    .append(inner.isEmpty() ? "" : " GROUP BY " + innerList);
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String column : columns) {
            sql.append(column.equals("project") ? "p.name" : "s." + quote(column)).append(", ");
        }
        sql.append("""
                sum(s.requests), sum(s.input_tokens), sum(s.output_tokens), sum(s.cache_write_tokens),
                sum(s.cache_read_tokens), sum(s.reasoning_tokens), sum(s.cost_nanos), sum(s.unpriced)
                FROM (""").append(union).append(") s");
        if (columns.contains("project")) {
            sql.append(" JOIN projects p ON p.id = s.project_id");
        }
        if (!columns.isEmpty()) {
            sql.append(" GROUP BY ");
            for (int i = 0; i < columns.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(i + 1);
            }
        }
        List<Group> groups = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        values.put(columns.get(i), rs.getString(i + 1));
                    }
                    int t = columns.size();
                    Totals totals = new Totals(rs.getLong(t + 1), rs.getLong(t + 2), rs.getLong(t + 3),
                            rs.getLong(t + 4), rs.getLong(t + 5), rs.getLong(t + 6), rs.getLong(t + 7),
                            rs.getLong(t + 8));
                    if (totals.requests() > 0) {
                        groups.add(new Group(values, totals));
                    }
                }
            }
        }
        return groups;
    }

    /**
     * The SELECTs whose rows together make up the range: the daily rollup for whole UTC days (when
     * the groups allow), the hourly rollup for the other whole hours, raw events for the rest.
     */
    private static List<String> sources(ReportQuery query, Map<String, String> tagColumns, List<Object> params) {
        Instant since = query.since();
        Instant until = query.until();
        if (!query.answerableFromRollup()) {
            return List.of(events(query, tagColumns, since, until, params));
        }
        Instant wholeFrom = since == null ? null : DbTime.ceilHour(since);
        Instant wholeTo = until == null ? null : DbTime.floorHour(until);
        if (wholeFrom != null && wholeTo != null && !wholeFrom.isBefore(wholeTo)) {
            return List.of(events(query, null, since, until, params));
        }
        List<String> sources = new ArrayList<>();
        Instant dayFrom = wholeFrom == null ? null : DbTime.ceilDay(wholeFrom);
        Instant dayTo = wholeTo == null ? null : DbTime.floorDay(wholeTo);
        if (query.answerableByUtcDay() && (dayFrom == null || dayTo == null || dayFrom.isBefore(dayTo))) {
            sources.add(rollup(query, "usage_daily", "day", dayFrom, dayTo, params));
            if (wholeFrom != null && wholeFrom.isBefore(dayFrom)) {
                sources.add(rollup(query, "usage_hourly", "hour", wholeFrom, dayFrom, params));
            }
            if (wholeTo != null && dayTo.isBefore(wholeTo)) {
                sources.add(rollup(query, "usage_hourly", "hour", dayTo, wholeTo, params));
            }
        } else {
            sources.add(rollup(query, "usage_hourly", "hour", wholeFrom, wholeTo, params));
        }
        if (since != null && since.isBefore(wholeFrom)) {
            sources.add(events(query, null, since, wholeFrom, params));
        }
        if (until != null && wholeTo.isBefore(until)) {
            sources.add(events(query, null, wholeTo, until, params));
        }
        return sources;
    }

    /** Rows of a rollup table; a day row's time reads as the first hour of that UTC day. */
    private static String rollup(ReportQuery query, String table, String timeColumn, Instant from, Instant to,
                                 List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(timeColumn.equals("hour") ? "hour" : timeColumn + " || 'T00' AS hour")
                .append("""
                , project_id, provider, model, "user", requests, input_tokens, output_tokens,
                  cache_write_tokens, cache_read_tokens, reasoning_tokens, cost_nanos,
                  unpriced_requests AS unpriced
                FROM """).append(' ').append(table).append(" WHERE 1 = 1");
        if (from != null) {
            sql.append(" AND ").append(timeColumn).append(" >= ?");
            params.add(timeColumn.equals("hour") ? DbTime.hour(from) : DbTime.day(from));
        }
        if (to != null) {
            sql.append(" AND ").append(timeColumn).append(" < ?");
            params.add(timeColumn.equals("hour") ? DbTime.hour(to) : DbTime.day(to));
        }
        filters(query, sql, params);
        return sql.toString();
    }

    /**
     * Raw events as rows shaped like the rollup's; with {@code tagColumns} (not null) also the
     * columns only raw events have, for reports that cannot use the rollup.
     */
    private static String events(ReportQuery query, Map<String, String> tagColumns, Instant from,
                                 Instant to, List<Object> params) {
        StringBuilder sql = new StringBuilder(
                "SELECT substr(occurred_at, 1, 13) AS hour, project_id, provider, model, coalesce(\"user\", '') AS \"user\"");
        if (tagColumns != null) {
            sql.append("""
                    , coalesce(agent, '') AS agent, coalesce(session, '') AS session,
                      coalesce(task, '') AS task, coalesce(request_type, '') AS request_type""");
            for (Map.Entry<String, String> tag : tagColumns.entrySet()) {
                sql.append(", coalesce((SELECT value FROM event_tags t WHERE t.event_id = e.id AND t.key = ?), '') AS ")
                        .append(tag.getKey());
                params.add(tag.getValue());
            }
        }
        sql.append("""
                , 1 AS requests, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,
                  reasoning_tokens, coalesce(cost_nanos, 0) AS cost_nanos,
                  CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END AS unpriced
                FROM events e WHERE 1 = 1""");
        if (from != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(DbTime.format(from));
        }
        if (to != null) {
            sql.append(" AND occurred_at < ?");
            params.add(DbTime.format(to));
        }
        filters(query, sql, params);
        if (query.agent() != null) {
            sql.append(" AND agent = ?");
            params.add(query.agent());
        }
        return sql.toString();
    }

    /**
     * Every call the query's filters match from {@code from} (null: the first) up to the query's
     * {@code until}, oldest first, one at a time.
     */
    public void eachCall(ReportQuery query, Instant from, Consumer<Blocks.Call> sink) throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT occurred_at, model, input_tokens, output_tokens, "
                + "cache_write_tokens, cache_read_tokens, reasoning_tokens, cost_nanos, agent FROM events e WHERE 1 = 1");
        if (from != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(DbTime.format(from));
        }
        if (query.until() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(DbTime.format(query.until()));
        }
        filters(query, sql, params);
        if (query.agent() != null) {
            sql.append(" AND agent = ?");
            params.add(query.agent());
        }
        sql.append(" ORDER BY occurred_at, id");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long cost = rs.getLong(8);
                    boolean unpriced = rs.wasNull();
                    sink.accept(new Blocks.Call(DbTime.parse(rs.getString(1)), rs.getString(2), rs.getString(9),
                            new Totals(1, rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                                    unpriced ? 0 : cost, unpriced ? 1 : 0)));
                }
            }
        }
    }

    /**
     * Where block-finding may start for a range beginning at {@code since}: the newest call before
     * {@code since} that follows a pause longer than {@code gap} (such a call starts a block whatever
     * came before it). Looks back at most {@code lookBack}: when the calls of that span never pause that
     * long, the oldest of them is taken as a block's start ({@link Blocks#LOOK_BACK} says why that is
     * enough); {@code since} itself when no call precedes it in the span.
     */
    public Instant blockRestart(ReportQuery query, Instant since, java.time.Duration gap, java.time.Duration lookBack)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT occurred_at FROM events e WHERE occurred_at < ? AND occurred_at >= ?");
        params.add(DbTime.format(since));
        params.add(DbTime.format(since.minus(lookBack)));
        filters(query, sql, params);
        if (query.agent() != null) {
            sql.append(" AND agent = ?");
            params.add(query.agent());
        }
        sql.append(" ORDER BY occurred_at DESC");
        Instant newer = null;
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Instant older = DbTime.parse(rs.getString(1));
                    if (newer != null && java.time.Duration.between(older, newer).compareTo(gap) > 0) {
                        return newer;
                    }
                    newer = older;
                }
            }
        }
        return newer == null ? since : newer;
    }

    /** The hour of the first call ever recorded (pruned ones included: the rollup keeps them), or null. */
    public Instant firstHour() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT min(hour) FROM usage_hourly");
             ResultSet rs = statement.executeQuery()) {
            String hour = rs.next() ? rs.getString(1) : null;
            return hour == null ? null : Instant.parse(hour + ":00:00Z");
        }
    }

    /** Everything one session has used (the statusline's session cost). */
    public Totals session(String session) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
                  coalesce(sum(cache_write_tokens), 0), coalesce(sum(cache_read_tokens), 0),
                  coalesce(sum(reasoning_tokens), 0), coalesce(sum(cost_nanos), 0),
                  coalesce(sum(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END), 0)
                FROM events WHERE session = ?""")) {
            statement.setString(1, session);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8));
            }
        }
    }

    private static void filters(ReportQuery query, StringBuilder sql, List<Object> params) {
        if (query.project() != null) {
            sql.append(" AND project_id = (SELECT id FROM projects WHERE name = ?)");
            params.add(query.project());
        }
        if (query.model() != null) {
            sql.append(" AND model = ?");
            params.add(query.model());
        }
        if (query.provider() != null) {
            sql.append(" AND provider = ?");
            params.add(query.provider());
        }
        if (query.user() != null) {
            sql.append(" AND \"user\" = ?");
            params.add(query.user());
        }
    }

    /** A column name as an identifier both dialects read as a column ({@code user} alone is a function in PostgreSQL). */
    private static String quote(String column) {
        return '"' + column + '"';
    }

    private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
    }
}
