package dev.llmcost.store;

import dev.llmcost.model.Tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the cost of stored calls that a price list priced (or could not price), keeping the
 * hourly and daily rollups exact: each changed row's difference in cost and in unpriced count is
 * added to its rollup rows. Given costs and local calls are never read. Runs inside the caller's
 * transaction.
 */
public final class RepriceStore {
    /** A stored call as pricing needs it. */
    public record Row(long id, Instant occurredAt, String provider, String model, Tokens tokens, Long costNanos,
                      String costSource, String costBasis) {
    }

    /** Its new cost: nanos (null = unpriced), source (priced/unpriced) and basis. */
    public record NewCost(Long costNanos, String costSource, String costBasis) {
    }

    public interface Pricing {
        NewCost price(Row row);
    }

    /** Before and after of one model, for the report. */
    public static final class Change {
        public long calls;
        public long changed;
        public long beforeNanos;
        public long afterNanos;
        public long unpricedBefore;
        public long unpricedAfter;
    }

    private record RollupKey(String table, String time, long projectId, String provider, String model, String user)
            implements Comparable<RollupKey> {
        @Override
        public int compareTo(RollupKey o) {
            return (table + "\t" + time + "\t" + projectId + "\t" + provider + "\t" + model + "\t" + user)
                    .compareTo(o.table + "\t" + o.time + "\t" + o.projectId + "\t" + o.provider + "\t" + o.model + "\t" + o.user);
        }
    }

    private final Connection connection;

    public RepriceStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Prices every table-priced or unpriced call from {@code since} on (null: all), of {@code model}
     * (null: all), and when {@code write} stores the changes; returns the changes by model.
     */
    public Map<String, Change> reprice(Instant since, String model, Pricing pricing, boolean write) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT id, occurred_at, project_id, provider, model, coalesce("user", ''), input_tokens, output_tokens,
                  cache_write_tokens, cache_read_tokens, reasoning_tokens, cache_write_1h_tokens, cost_nanos,
                  cost_source, cost_basis
                FROM events WHERE cost_source IN ('priced', 'unpriced')""");
        List<Object> args = new ArrayList<>();
        if (since != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(DbTime.format(since));
        }
        if (model != null) {
            sql.append(" AND model = ?");
            args.add(model);
        }
        Map<String, Change> changes = new TreeMap<>();
        Map<RollupKey, long[]> deltas = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString());
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE events SET cost_nanos = ?, cost_source = ?, cost_basis = ? WHERE id = ?")) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long nanos = rs.getLong(13);
                    Long before = rs.wasNull() ? null : nanos;
                    String occurredAt = rs.getString(2);
                    Row row = new Row(rs.getLong(1), DbTime.parse(occurredAt), rs.getString(4), rs.getString(5),
                            new Tokens(rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                                    rs.getLong(12)), before, rs.getString(14), rs.getString(15));
                    NewCost after = pricing.price(row);
                    Change change = changes.computeIfAbsent(row.model(), k -> new Change());
                    change.calls++;
                    change.beforeNanos += before == null ? 0 : before;
                    change.afterNanos += after.costNanos() == null ? 0 : after.costNanos();
                    change.unpricedBefore += before == null ? 1 : 0;
                    change.unpricedAfter += after.costNanos() == null ? 1 : 0;
                    boolean same = java.util.Objects.equals(before, after.costNanos())
                            && after.costSource().equals(row.costSource())
                            && java.util.Objects.equals(after.costBasis(), row.costBasis());
                    if (same) {
                        continue;
                    }
                    change.changed++;
                    if (!write) {
                        continue;
                    }
                    if (after.costNanos() == null) {
                        update.setNull(1, Types.INTEGER);
                    } else {
                        update.setLong(1, after.costNanos());
                    }
                    update.setString(2, after.costSource());
                    update.setString(3, after.costBasis());
                    update.setLong(4, row.id());
                    update.executeUpdate();
                    long costDelta = (after.costNanos() == null ? 0 : after.costNanos()) - (before == null ? 0 : before);
                    long unpricedDelta = (after.costNanos() == null ? 1 : 0) - (before == null ? 1 : 0);
                    if (costDelta != 0 || unpricedDelta != 0) {
                        long projectId = rs.getLong(3);
                        String user = rs.getString(6);
                        for (RollupKey key : List.of(
                                new RollupKey("usage_hourly", occurredAt.substring(0, 13), projectId, row.provider(), row.model(), user),
                                new RollupKey("usage_daily", occurredAt.substring(0, 10), projectId, row.provider(), row.model(), user))) {
                            long[] sums = deltas.computeIfAbsent(key, k -> new long[2]);
                            sums[0] += costDelta;
                            sums[1] += unpricedDelta;
                        }
                    }
                }
            }
        }
        if (write) {
            applyToRollups(deltas);
        }
        return changes;
    }

    private void applyToRollups(Map<RollupKey, long[]> deltas) throws SQLException {
        try (PreparedStatement hourly = connection.prepareStatement("""
                UPDATE usage_hourly SET cost_nanos = cost_nanos + ?, unpriced_requests = unpriced_requests + ?
                WHERE hour = ? AND project_id = ? AND provider = ? AND model = ? AND "user" = ?""");
             PreparedStatement daily = connection.prepareStatement("""
                UPDATE usage_daily SET cost_nanos = cost_nanos + ?, unpriced_requests = unpriced_requests + ?
                WHERE day = ? AND project_id = ? AND provider = ? AND model = ? AND "user" = ?""")) {
            for (Map.Entry<RollupKey, long[]> entry : deltas.entrySet()) {
                RollupKey key = entry.getKey();
                PreparedStatement statement = key.table().equals("usage_hourly") ? hourly : daily;
                statement.setLong(1, entry.getValue()[0]);
                statement.setLong(2, entry.getValue()[1]);
                statement.setString(3, key.time());
                statement.setLong(4, key.projectId());
                statement.setString(5, key.provider());
                statement.setString(6, key.model());
                statement.setString(7, key.user());
                if (statement.executeUpdate() != 1) {
                    throw new SQLException("rollup row missing for " + key + "; run llmcost doctor");
                }
            }
        }
    }
}
