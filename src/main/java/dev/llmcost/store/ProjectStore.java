package dev.llmcost.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Projects: pins and their order, renames, removal, and the prune horizon several reports need. */
public final class ProjectStore {
    static final String PRUNED_BEFORE = "pruned_before";

    /** One project as {@code llmcost projects} lists it; {@code pinOrder} is null when not pinned. */
    public record ProjectInfo(String name, Integer pinOrder, Instant lastActivity) {
    }

    private final Connection connection;

    public ProjectStore(Connection connection) {
        this.connection = connection;
    }

    /** Pinned project name → position, 1 first. */
    public Map<String, Integer> pinOrder() throws SQLException {
        Map<String, Integer> order = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, pin_order FROM projects WHERE pin_order IS NOT NULL ORDER BY pin_order");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                order.put(rs.getString(1), rs.getInt(2));
            }
        }
        return order;
    }

    public boolean exists(String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM projects WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Pins {@code name} after the last pinned project, creating the project if needed; false if already pinned. */
    public boolean pin(String name, Instant now) throws SQLException {
        if (pinOrder().containsKey(name)) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO projects (name, created_at, pin_order)
                VALUES (?, ?, (SELECT coalesce(max(pin_order), 0) + 1 FROM projects))
                ON CONFLICT (name) DO UPDATE SET pin_order = excluded.pin_order""")) {
            statement.setString(1, name);
            statement.setString(2, DbTime.format(now));
            statement.executeUpdate();
        }
        return true;
    }

    /** Unpins {@code name}; false if it was not pinned. Positions stay dense. */
    public boolean unpin(String name) throws SQLException {
        List<String> pinned = new ArrayList<>(pinOrder().keySet());
        if (!pinned.remove(name)) {
            return false;
        }
        setPinned(name, null);
        renumber(pinned);
        return true;
    }

    /** Moves a pinned project to {@code position} (1-based, clamped to the list); false if not pinned. */
    public boolean move(String name, int position) throws SQLException {
        List<String> pinned = new ArrayList<>(pinOrder().keySet());
        if (!pinned.remove(name)) {
            return false;
        }
        pinned.add(Math.max(0, Math.min(position - 1, pinned.size())), name);
        renumber(pinned);
        return true;
    }

    private void renumber(List<String> pinned) throws SQLException {
        for (int i = 0; i < pinned.size(); i++) {
            setPinned(pinned.get(i), i + 1);
        }
    }

    private void setPinned(String name, Integer position) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE projects SET pin_order = ? WHERE name = ?")) {
            statement.setObject(1, position);
            statement.setString(2, name);
            statement.executeUpdate();
        }
    }

    /** Every project with its pin and last activity: pinned first in order, then by name. */
    public List<ProjectInfo> list() throws SQLException {
        List<ProjectInfo> projects = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT p.name, p.pin_order,
                  (SELECT max(occurred_at) FROM events e WHERE e.project_id = p.id),
                  (SELECT max(hour) FROM usage_hourly h WHERE h.project_id = p.id)
                FROM projects p
                ORDER BY p.pin_order IS NULL, p.pin_order, p.name""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String last = rs.getString(3);
                String lastHour = rs.getString(4);
                Instant activity = last != null ? DbTime.parse(last) : lastHour != null ? DbTime.parseHour(lastHour) : null;
                projects.add(new ProjectInfo(rs.getString(1), rs.getObject(2) == null ? null : rs.getInt(2), activity));
            }
        }
        return projects;
    }

    /** Renames a project and its budgets; its rows follow by id. */
    public void rename(String from, String to) throws SQLException {
        update("UPDATE projects SET name = ? WHERE name = ?", to, from);
        update("UPDATE budgets SET subject = ? WHERE scope = 'project' AND subject = ?", to, from);
    }

    /** Removes a project with its events, rollups and budgets; returns how many events went. */
    public long remove(String name) throws SQLException {
        long events;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM events WHERE project_id = (SELECT id FROM projects WHERE name = ?)")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                events = rs.getLong(1);
            }
        }
        List<String> pinned = new ArrayList<>(pinOrder().keySet());
        update("DELETE FROM budgets WHERE scope = 'project' AND subject = ?", name);
        update("DELETE FROM projects WHERE name = ?", name);
        if (pinned.remove(name)) {
            renumber(pinned);
        }
        return events;
    }

    private void update(String sql, String... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }

    /** The prune horizon: raw events before it were deleted (rollups kept); null if never pruned. */
    public Instant prunedBefore() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
            statement.setString(1, PRUNED_BEFORE);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? DbTime.parse(rs.getString(1)) : null;
            }
        }
    }
}
