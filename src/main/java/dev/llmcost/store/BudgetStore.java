package dev.llmcost.store;

import dev.llmcost.budget.Budget;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.model.Money;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.Totals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Budgets: set, remove, list, and the spend each one covers. */
public final class BudgetStore {
    private final Connection connection;

    public BudgetStore(Connection connection) {
        this.connection = connection;
    }

    /** Inserts or replaces the budget for its scope, subject and period. */
    public void put(Budget budget, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO budgets (scope, subject, period, limit_nanos, alert_percent, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (scope, subject, period) DO UPDATE SET
                  limit_nanos = excluded.limit_nanos, alert_percent = excluded.alert_percent""")) {
            statement.setString(1, budget.scope().dbName());
            statement.setString(2, budget.subject());
            statement.setString(3, budget.period().dbName());
            statement.setLong(4, Money.toNanos(budget.limitUsd()));
            statement.setInt(5, budget.alertPercent());
            statement.setString(6, DbTime.format(now));
            statement.executeUpdate();
        }
    }

    /** Removes the scope's budgets for {@code period}, or for every period when null; returns how many. */
    public int remove(Budget.Scope scope, String subject, BudgetPeriod period) throws SQLException {
        String sql = "DELETE FROM budgets WHERE scope = ? AND subject = ?" + (period == null ? "" : " AND period = ?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, scope.dbName());
            statement.setString(2, scope == Budget.Scope.GLOBAL ? "" : subject);
            if (period != null) {
                statement.setString(3, period.dbName());
            }
            return statement.executeUpdate();
        }
    }

    /** Budgets of {@code scope} (all when null) and {@code subject} (any when null). */
    public List<Budget> list(Budget.Scope scope, String subject) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT scope, subject, period, limit_nanos, alert_percent FROM budgets WHERE 1 = 1");
        List<String> params = new ArrayList<>();
        if (scope != null) {
            sql.append(" AND scope = ?");
            params.add(scope.dbName());
        }
        if (subject != null) {
            sql.append(" AND subject = ?");
            params.add(subject);
        }
        sql.append(" ORDER BY scope, subject, CASE period WHEN 'daily' THEN 1 WHEN 'weekly' THEN 2 ELSE 3 END");
        return query(sql.toString(), params);
    }

    /** The budgets a call in {@code project} by {@code user} (may be null) counts against. */
    public List<Budget> covering(String project, String user) throws SQLException {
        return query("""
                SELECT scope, subject, period, limit_nanos, alert_percent FROM budgets
                WHERE scope = 'global' OR (scope = 'project' AND subject = ?) OR (scope = 'user' AND subject = ?)""",
                List.of(project, user == null ? "" : user));
    }

    private List<Budget> query(String sql, List<String> params) throws SQLException {
        List<Budget> budgets = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                statement.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    budgets.add(new Budget(Budget.Scope.fromDb(rs.getString(1)), rs.getString(2),
                            BudgetPeriod.fromDb(rs.getString(3)), Money.fromNanos(rs.getLong(4)), rs.getInt(5)));
                }
            }
        }
        return budgets;
    }

    /** Each budget's state at {@code now}: its current period (in {@code zone}) and what was spent in it. */
    public List<BudgetStatus> statuses(List<Budget> budgets, Instant now, ZoneId zone) throws SQLException {
        List<BudgetStatus> statuses = new ArrayList<>();
        for (Budget budget : budgets) {
            Instant start = budget.period().start(now, zone);
            statuses.add(BudgetStatus.of(budget, now, start, budget.period().end(now, zone), spent(budget, start)));
        }
        return statuses;
    }

    /** What the budget's scope spent from {@code since} on (priced calls; unpriced ones add nothing). */
    public BigDecimal spent(Budget budget, Instant since) throws SQLException {
        ReportQuery query = new ReportQuery(List.of(), since, null,
                budget.scope() == Budget.Scope.PROJECT ? budget.subject() : null, null, null,
                budget.scope() == Budget.Scope.USER ? budget.subject() : null, null);
        List<ReportReader.Group> groups = new ReportReader(connection).sum(query);
        long nanos = groups.stream().map(ReportReader.Group::totals).mapToLong(Totals::costNanos).sum();
        return Money.fromNanos(nanos);
    }
}
