package dev.llmcost.store;

import dev.llmcost.model.LlmcostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreTest {
    @TempDir
    Path dir;

    private static String pragma(Path db, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theStatusLinesSessionSumReadsAnIndexNotEveryEvent() throws Exception {
        Path db = dir.resolve("llmcost.db");
        try (Store store = Store.open(db, Clock.systemUTC())) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.PreparedStatement plan = c.prepareStatement(
                     "EXPLAIN QUERY PLAN SELECT count(*), sum(cost_nanos) FROM events WHERE session = ?")) {
            plan.setString(1, "s");
            StringBuilder steps = new StringBuilder();
            try (ResultSet rs = plan.executeQuery()) {
                while (rs.next()) {
                    steps.append(rs.getString("detail")).append('\n');
                }
            }
            assertTrue(steps.toString().contains("USING INDEX events_session"), steps.toString());
        }
    }

    @Test
    void createsTheLatestSchemaInWalModeAndReopensWithoutChange() throws Exception {
        Path db = dir.resolve("new/llmcost.db");
        try (Store store = Store.open(db, Clock.systemUTC())) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
        }
        assertEquals("wal", pragma(db, "journal_mode"));
        try (Store store = Store.open(db, Clock.systemUTC())) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
        }
    }

    @Test
    void everyEarlierVersionUpgradesToTheLatest() throws Exception {
        for (int version = 0; version < Migrations.latestVersion(); version++) {
            Path db = dir.resolve("v" + version + ".db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                for (int step = 0; step < version; step++) {
                    Migrations.ALL.get(step).apply(c);
                }
                c.createStatement().execute("PRAGMA user_version = " + version);
            }
            try (Store store = Store.open(db, Clock.systemUTC())) {
                assertEquals(Migrations.latestVersion(), store.schemaVersion(), "from version " + version);
            }
        }
    }

    @Test
    void refusesADatabaseFromANewerLlmcost() throws Exception {
        Path db = dir.resolve("future.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA user_version = 999");
        }
        LlmcostException e = assertThrows(LlmcostException.class, () -> Store.open(db, Clock.systemUTC()));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("newer llmcost"), e.getMessage());
        assertEquals("999", pragma(db, "user_version"));
    }

    @Test
    void aDirectoryIsNotADatabase() {
        LlmcostException e = assertThrows(LlmcostException.class, () -> Store.open(dir, Clock.systemUTC()));
        assertEquals(1, e.exitCode());
    }

    @Test
    void coreSchemaWithRowsUpgradesKeepingThem() throws Exception {
        Path db = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Migrations.ALL.get(0).apply(c);
            c.createStatement().execute("PRAGMA user_version = 1");
            c.createStatement().execute("INSERT INTO projects (id, name, created_at) VALUES (1, 'old', '2026-01-01T00:00:00.000Z')");
            c.createStatement().execute("""
                    INSERT INTO events (occurred_at, project_id, provider, model, input_tokens, cost_nanos,
                      cost_source, recorded_at)
                    VALUES ('2026-01-01T10:00:00.000Z', 1, 'openai', 'gpt-4o', 7, 1500, 'given', '2026-01-01T10:00:00.000Z')""");
        }
        try (Store store = Store.open(db, Clock.systemUTC())) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
            store.write(c -> new ProjectStore(c).pin("old", java.time.Instant.now()));
            assertEquals(java.util.Map.of("old", 1), store.read(c -> new ProjectStore(c).pinOrder()));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*), sum(cost_nanos), sum(input_tokens) FROM events")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(1500, rs.getLong(2));
            assertEquals(7, rs.getLong(3));
        }
    }

    @Test
    void theRollupMatchesTheEventsAcrossSeveralFlushes() throws Exception {
        Path db = dir.resolve("rollup.db");
        java.time.Instant start = java.time.Instant.parse("2024-01-01T00:00:00Z");
        try (Store store = Store.open(db, Clock.systemUTC())) {
            store.write(c -> {
                try (EventWriter writer = new EventWriter(c, Clock.systemUTC())) {
                    for (int i = 0; i < 45_000; i++) {
                        // 30,000 distinct hours: more than one flush of pending rollup rows
                        java.time.Instant at = start.plusSeconds(3600L * (i % 30_000) + i % 7);
                        writer.insert(new dev.llmcost.model.UsageEvent(at, "p" + (i % 3), "openai", "gpt-4o",
                                new dev.llmcost.model.Tokens(i, 1, 2, 3, 0), i % 5 == 0 ? null : java.math.BigDecimal.valueOf(i, 6),
                                i % 5 == 0 ? dev.llmcost.model.CostSource.UNPRICED : dev.llmcost.model.CostSource.GIVEN,
                                i % 2 == 0 ? dev.llmcost.model.Origin.UNKNOWN : new dev.llmcost.model.Origin("u", null, null, null, null, null),
                                null, "k" + i, null));
                    }
                }
                return null;
            });
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            ResultSet events = c.createStatement().executeQuery("""
                    SELECT count(*), sum(input_tokens), sum(coalesce(cost_nanos, 0)), sum(cost_nanos IS NULL),
                      count(DISTINCT substr(occurred_at, 1, 13) || project_id || coalesce(user, '')) FROM events""");
            ResultSet rollup = c.createStatement().executeQuery(
                    "SELECT sum(requests), sum(input_tokens), sum(cost_nanos), sum(unpriced_requests), count(*) FROM usage_hourly");
            events.next();
            rollup.next();
            assertEquals(45_000, events.getLong(1));
            for (int i = 1; i <= 5; i++) {
                assertEquals(events.getLong(i), rollup.getLong(i), "column " + i);
            }
        }
    }
}
