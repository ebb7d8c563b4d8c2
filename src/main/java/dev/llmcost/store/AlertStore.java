package dev.llmcost.store;

import dev.llmcost.budget.BudgetStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which budget crossings were announced: per budget, the period and the highest state announced in it, kept in
 * {@code settings} under {@code alerted.SCOPE.SUBJECT.PERIOD}. Claiming a crossing is one conditional write, so
 * of several workers (or servers) that see it at once exactly one announces it.
 */
public final class AlertStore {
    private final Connection connection;

    public AlertStore(Connection connection) {
        this.connection = connection;
    }

    /** True when this crossing (a state above what was announced in this period) is newly claimed here. */
    public boolean claim(BudgetStatus status) throws SQLException {
        String key = "alerted." + status.budget().scope().dbName() + "." + (status.budget().subject() == null ? ""
                : status.budget().subject()) + "." + status.budget().period().dbName();
        String value = DbTime.format(status.periodStart()) + " " + status.state().ordinal();
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    String[] previous = rs.getString(1).split(" ");
                    if (previous.length == 2 && previous[0].equals(value.split(" ")[0])
                            && Integer.parseInt(previous[1]) >= status.state().ordinal()) {
                        return false;
                    }
                }
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO settings (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE settings.value <> excluded.value""")) {
            upsert.setString(1, key);
            upsert.setString(2, value);
            return upsert.executeUpdate() > 0;
        }
    }
}
