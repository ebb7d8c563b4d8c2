package dev.llmcost.store;

import dev.llmcost.plan.Plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Subscription plans, one per vendor, kept in {@code settings} under {@code plan.VENDOR} (no table of their own). */
public final class PlanStore {
    private static final String PREFIX = "plan.";

    private final Connection connection;

    public PlanStore(Connection connection) {
        this.connection = connection;
    }

    /** Every plan, by vendor name. */
    public List<Plan> all() throws SQLException {
        List<Plan> plans = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT key, value FROM settings WHERE key LIKE 'plan.%' ORDER BY key")) {
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plans.add(Plan.parse(rs.getString(1).substring(PREFIX.length()), rs.getString(2)));
                }
            }
        }
        return plans;
    }

    public void put(Plan plan) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO settings (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value""")) {
            statement.setString(1, PREFIX + plan.vendor());
            statement.setString(2, plan.stored());
            statement.executeUpdate();
        }
    }

    /** True when there was one to remove. */
    public boolean remove(String vendor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM settings WHERE key = ?")) {
            statement.setString(1, PREFIX + vendor);
            return statement.executeUpdate() > 0;
        }
    }
}
