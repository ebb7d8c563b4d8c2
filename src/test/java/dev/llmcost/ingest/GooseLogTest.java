package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.model.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GooseLogTest {
    @TempDir
    Path dir;

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    private static final String SONNET = "{\"model_name\":\"claude-sonnet-4-20250514\",\"context_limit\":null}";

    @Test
    void runningSumsWinOverTheLatestTurnAndTotalBeyondInputAndOutputIsOutput() {
        AgentCall call = GooseLog.session(row("id", "20261101_1", "model_config_json", SONNET, "provider_name", "anthropic",
                "created_at", "2026-11-01 01:02:03", "working_dir", "/home/dev/api/", "total_tokens", 60, "input_tokens", 40,
                "output_tokens", 20, "accumulated_total_tokens", 180L, "accumulated_input_tokens", 100L,
                "accumulated_output_tokens", 50L, "accumulated_cost", 0.25)).orElseThrow();
        assertEquals("goose:20261101_1", call.key());
        assertEquals(Instant.parse("2026-11-01T01:02:03Z"), call.at());
        assertEquals(new Tokens(100, 80, 0, 0, 30), call.tokens(), "180 - 100 - 50 = 30 extra, priced as output");
        assertEquals("anthropic", call.provider());
        assertEquals("claude-sonnet-4-20250514", call.model());
        assertEquals("api", call.project());
        assertEquals("20261101_1", call.session());
        assertEquals(new BigDecimal("0.25"), call.costUsd());
    }

    @Test
    void olderRowsZeroSumsMissingTotalsAndTheThreeTimeShapes() {
        // older Goose: no running sums; the plain columns are the session's
        AgentCall older = GooseLog.session(row("id", "a", "model_config_json", "{\"model_name\":\"gpt-5\"}",
                "provider_name", "openai", "created_at", "2026-11-02T03:04:05Z", "input_tokens", 30, "output_tokens", 20,
                "total_tokens", 50)).orElseThrow();
        assertEquals(new Tokens(30, 20, 0, 0, 0), older.tokens());
        assertEquals(Instant.parse("2026-11-02T03:04:05Z"), older.at());
        assertEquals("goose", older.project());
        // a running sum of 0 falls back to the plain column (as ccusage reads it); no total: input + output
        AgentCall zero = GooseLog.session(row("id", "b", "model_config_json", "{\"model_name\":\"gemini-2.5-pro\"}",
                "created_at", 1793500000L, "accumulated_input_tokens", 0L, "input_tokens", 7L,
                "accumulated_output_tokens", 3L)).orElseThrow();
        assertEquals(new Tokens(7, 3, 0, 0, 0), zero.tokens());
        assertEquals(Instant.ofEpochSecond(1793500000L), zero.at());
        assertNull(zero.provider(), "no provider_name: inferred from the model when priced");
        assertNull(zero.costUsd());
        assertEquals(Instant.ofEpochMilli(1793500000123L), GooseLog.session(row("id", "c", "model_config_json", SONNET,
                "created_at", 1793500000123L, "input_tokens", 1)).orElseThrow().at());
        assertEquals("x-ai", GooseLog.provider("xai"));
        assertEquals("google", GooseLog.provider("gcp_vertex_ai"));
        assertNull(GooseLog.provider("databricks"), "a gateway: the model name decides");
    }

    @Test
    void rowsWithoutModelTimeOrUsageAreNoCalls() {
        Object[] usage = {"accumulated_input_tokens", 10L, "accumulated_output_tokens", 5L};
        assertTrue(GooseLog.session(row("id", "a", "created_at", "2026-11-01 00:00:00", usage[0], usage[1])).isEmpty());
        assertTrue(GooseLog.session(row("id", "a", "model_config_json", "{\"model_na", "created_at", "2026-11-01 00:00:00",
                usage[0], usage[1])).isEmpty(), "a broken model config");
        assertTrue(GooseLog.session(row("id", "a", "model_config_json", "{\"model_name\":\" \"}",
                "created_at", "2026-11-01 00:00:00", usage[0], usage[1])).isEmpty());
        assertTrue(GooseLog.session(row("id", "a", "model_config_json", SONNET, "created_at", "yesterday",
                usage[0], usage[1])).isEmpty(), "no readable time");
        assertTrue(GooseLog.session(row("id", "a", "model_config_json", SONNET, "created_at", "2026-11-01 00:00:00",
                "accumulated_input_tokens", 0L, "input_tokens", -5L, "accumulated_total_tokens", 0L)).isEmpty(),
                "an empty session");
    }

    @Test
    void aSessionCountsOnceIdleForAnHourAndTheDatabaseIsReadAgainUntilThen() throws Exception {
        Path database = dir.resolve("sessions.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, working_dir TEXT, created_at TIMESTAMP, "
                    + "updated_at TIMESTAMP, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER, "
                    + "provider_name TEXT, model_config_json TEXT)");
            statement.execute("INSERT INTO sessions VALUES ('s1', '/w', '2026-11-01 10:00:00', '2026-11-01 10:30:00', "
                    + "100, 10, 'anthropic', '" + SONNET + "')");
        }
        Instant updated = Instant.parse("2026-11-01T10:30:00Z");
        FileParser running = new GooseLog(Clock.fixed(updated.plusSeconds(3599), ZoneOffset.UTC)).open(database);
        List<AgentCall> calls = new ArrayList<>();
        running.whole(database, calls::add);
        assertTrue(calls.isEmpty(), "still growing: its sums are not final");
        assertTrue(running.readAgain());
        FileParser idle = new GooseLog(Clock.fixed(updated.plusSeconds(3601), ZoneOffset.UTC)).open(database);
        idle.whole(database, calls::add);
        assertEquals(1, calls.size());
        assertEquals(new Tokens(100, 10, 0, 0, 0), calls.get(0).tokens());
        assertFalse(idle.readAgain());
    }

    @Test
    void theFixtureIsIngestedOnceAndAnAppendedSessionIsTheOnlyNewCall() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-12-01T00:00:00Z"));
        GooseFixture fixture = new GooseFixture(dir.resolve("goose"), 5, Instant.now());
        fixture.write();
        Cli.Result first = cli.ok("ingest", "goose", "--root", fixture.root().toString());
        assertTrue(first.out().contains("; " + fixture.calls + " new call(s)"), first.out());
        JsonNode total = cli.ok("report", "--since", "2020-01-01", "--format", "json").json().path("total");
        long[] sums = new long[6];
        fixture.byDay.values().forEach(d -> {
            for (int i = 0; i < 6; i++) {
                sums[i] += d[i];
            }
        });
        assertEquals(sums[0], total.path("requests").asLong());
        assertEquals(sums[1], total.path("input_tokens").asLong());
        assertEquals(sums[2], total.path("output_tokens").asLong());
        assertEquals(sums[5], total.path("reasoning_tokens").asLong());
        assertEquals(0, total.path("cache_read_tokens").asLong() + total.path("cache_write_tokens").asLong());
        assertTrue(cli.ok("ingest", "goose", "--root", fixture.root().toString()).out().contains("; 0 new call(s)"));
        long[] appended = fixture.appendSession();
        assertTrue(cli.ok("ingest", "goose", "--root", fixture.root().toString()).out().contains("; 1 new call(s)"));
        JsonNode after = cli.ok("report", "--since", "2020-01-01", "--format", "json").json().path("total");
        assertEquals(sums[1] + appended[0], after.path("input_tokens").asLong());
        assertEquals(sums[2] + appended[1], after.path("output_tokens").asLong());
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE agent <> 'goose' OR session IS NULL"));
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE event_key = 'goose:running_1'"));
    }

    @Test
    void aCopyOfTheDatabaseUnderASecondRootAddsNothing() throws Exception {
        Cli cli = new Cli(dir.resolve("copy.db"), Instant.parse("2026-12-01T00:00:00Z"));
        GooseFixture fixture = new GooseFixture(dir.resolve("goose"), 9, Instant.now());
        fixture.write();
        Path copy = dir.resolve("copy-root");
        Path copied = copy.resolve(fixture.root().relativize(fixture.database()));
        java.nio.file.Files.createDirectories(copied.getParent());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + fixture.database());
             Statement statement = db.createStatement()) {
            statement.execute("VACUUM INTO '" + copied + "'");
        }
        assertTrue(cli.ok("ingest", "goose", "--root", fixture.root().toString()).out().contains("; " + fixture.calls + " new call(s)"));
        assertTrue(cli.ok("ingest", "goose", "--root", copy.toString()).out().contains("; 0 new call(s)"),
                "the same sessions/messages: the same keys");
    }
}
