package dev.llmcost.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code llmcost doctor} asks the database. */
public final class HealthCheck {
    private final Connection connection;

    public HealthCheck(Connection connection) {
        this.connection = connection;
    }

    /** The problems {@code PRAGMA integrity_check} reports; empty when the file is sound. */
    public List<String> integrityProblems() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                if (!"ok".equals(rs.getString(1))) {
                    problems.add(rs.getString(1));
                }
            }
        }
        return problems;
    }

    public String journalMode() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    /**
     * On a PostgreSQL server: whether the connected role may SELECT, INSERT, UPDATE and DELETE on every table
     * llmcost writes, each privilege true only when it holds on all of them.
     */
    public Map<String, Boolean> privileges() throws SQLException {
        Map<String, Boolean> held = new LinkedHashMap<>();
        for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE")) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT bool_and(has_table_privilege(c.oid, '" + privilege
                         + "')) FROM pg_class c WHERE c.relname IN ('events', 'projects', 'usage_hourly', "
                         + "'usage_daily', 'budgets') AND c.relnamespace = to_regnamespace(current_schema())::oid")) {
                rs.next();
                held.put(privilege, rs.getBoolean(1));
            }
        }
        return held;
    }

    /** Rows per table. */
    public Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("events", "projects", "usage_hourly", "usage_daily", "budgets", "imports",
                "ingested_files")) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    /**
     * Agents whose calls arrive both by OpenTelemetry (keys {@code otlp:…}) and from their own logs (keys
     * {@code AGENT:…}): the two carry no shared id, so such calls may be counted twice.
     */
    public List<String> agentsArrivingTwoWays() throws SQLException {
        List<String> telemetry = new java.util.ArrayList<>();
        try (java.sql.PreparedStatement select = connection.prepareStatement(
                "SELECT DISTINCT agent FROM events WHERE event_key LIKE 'otlp:%' AND agent IS NOT NULL ORDER BY agent");
             java.sql.ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                telemetry.add(rs.getString(1));
            }
        }
        List<String> both = new java.util.ArrayList<>();
        for (String agent : telemetry) {
            try (java.sql.PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM events WHERE agent = ? AND event_key LIKE ? ESCAPE '\\' LIMIT 1")) {
                select.setString(1, agent);
                select.setString(2, agent.replace("%", "\\%").replace("_", "\\_") + ":%");
                try (java.sql.ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        both.add(agent);
                    }
                }
            }
        }
        return both;
    }
}
