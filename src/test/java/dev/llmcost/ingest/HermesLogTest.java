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

class HermesLogTest {
    @TempDir
    Path dir;

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    @Test
    void reasoningBesideOutputIsOutputAndTheActualCostWins() {
        AgentCall call = HermesLog.session(row("id", "20261105_093000_ab12", "source", "cli",
                "model", " claude-sonnet-4-20250514 ", "billing_provider", "Anthropic", "started_at", 1793500000.25,
                "input_tokens", 1200, "output_tokens", 300, "cache_read_tokens", 50, "cache_write_tokens", 20,
                "reasoning_tokens", 10, "estimated_cost_usd", 0.12, "actual_cost_usd", 0.34)).orElseThrow();
        assertEquals("hermes:20261105_093000_ab12", call.key());
        assertEquals(Instant.ofEpochMilli(1793500000250L), call.at());
        assertEquals(new Tokens(1200, 310, 20, 50, 10), call.tokens());
        assertEquals("claude-sonnet-4-20250514", call.model());
        assertEquals("anthropic", call.provider());
        assertEquals(new BigDecimal("0.34"), call.costUsd());
        assertEquals("hermes", call.project());
        assertEquals("20261105_093000_ab12", call.session());
        assertEquals(Map.of("source", "cli"), call.tags());
    }

    @Test
    void realCountsMillisecondTimesEstimatedAndZeroCosts() {
        AgentCall call = HermesLog.session(row("id", "s", "model", "gpt-5", "billing_provider", "openai-codex",
                "started_at", 1793500000123.0, "input_tokens", 1200.7, "output_tokens", -4, "reasoning_tokens", 3L,
                "actual_cost_usd", 0.0, "estimated_cost_usd", 0.05)).orElseThrow();
        assertEquals(Instant.ofEpochMilli(1793500000123L), call.at());
        assertEquals(new Tokens(1200, 3, 0, 0, 3), call.tokens(), "a real is cut to its whole part, below 0 is 0");
        assertEquals("openai", call.provider());
        assertEquals(new BigDecimal("0.05"), call.costUsd(), "an actual cost of 0 gives way to the estimate");
        AgentCall unpriced = HermesLog.session(row("id", "t", "model", "acme-coder-7b", "billing_provider", "custom",
                "started_at", 1793500000L, "input_tokens", 5, "estimated_cost_usd", 0.0)).orElseThrow();
        assertNull(unpriced.costUsd(), "0: priced from the table");
        assertNull(unpriced.provider(), "custom: the model name decides");
        AgentCall costOnly = HermesLog.session(row("id", "u", "model", "gpt-5", "started_at", 1793500000L,
                "actual_cost_usd", 0.42)).orElseThrow();
        assertEquals(Tokens.ZERO, costOnly.tokens(), "a cost without tokens is a call, as ccusage counts it");
    }

    @Test
    void sessionsWithoutModelTimeOrUsageAreNoCalls() {
        assertTrue(HermesLog.session(row("id", "s", "started_at", 1793500000.0, "input_tokens", 5)).isEmpty());
        assertTrue(HermesLog.session(row("id", "s", "model", " ", "started_at", 1793500000.0, "input_tokens", 5)).isEmpty());
        assertTrue(HermesLog.session(row("id", "s", "model", "gpt-5", "started_at", "yesterday", "input_tokens", 5)).isEmpty());
        assertTrue(HermesLog.session(row("id", "s", "model", "gpt-5", "started_at", 1793500000.0, "input_tokens", 0,
                "estimated_cost_usd", 0.0)).isEmpty());
    }

    @Test
    void aSessionCountsOnceEndedOrIdleForAnHourAndTheDatabaseIsReadAgainUntilThen() throws Exception {
        Path database = dir.resolve("state.db");
        double started = Instant.parse("2026-11-01T10:00:00Z").getEpochSecond();
        double lastMessage = started + 1800;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, source TEXT, model TEXT, started_at REAL, "
                    + "ended_at REAL, input_tokens INTEGER, output_tokens INTEGER)");
            statement.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id TEXT, timestamp REAL)");
            statement.execute("INSERT INTO sessions VALUES ('open', 'cli', 'gpt-5', " + started + ", NULL, 100, 10)");
            statement.execute("INSERT INTO sessions VALUES ('ended', 'cli', 'gpt-5', " + started + ", " + (started + 60)
                    + ", 7, 3)");
            statement.execute("INSERT INTO messages (session_id, timestamp) VALUES ('open', " + started + "), ('open', "
                    + lastMessage + ")");
        }
        Instant last = Instant.ofEpochSecond((long) lastMessage);
        List<AgentCall> calls = new ArrayList<>();
        FileParser running = new HermesLog(Clock.fixed(last.plusSeconds(3599), ZoneOffset.UTC)).open(database);
        running.whole(database, calls::add);
        assertEquals(List.of("hermes:ended"), calls.stream().map(AgentCall::key).toList(), "the open one still grows");
        assertTrue(running.readAgain());
        calls.clear();
        FileParser idle = new HermesLog(Clock.fixed(last.plusSeconds(3601), ZoneOffset.UTC)).open(database);
        idle.whole(database, calls::add);
        assertEquals(2, calls.size(), "an hour after its latest message, a session never closed counts");
        assertFalse(idle.readAgain());
    }

    @Test
    void theFixtureIsIngestedOnceAndAnAppendedSessionIsTheOnlyNewCall() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-12-01T00:00:00Z"));
        HermesFixture fixture = new HermesFixture(dir.resolve("hermes"), 7, Instant.now());
        fixture.write();
        Cli.Result first = cli.ok("ingest", "hermes", "--root", fixture.root().toString());
        assertTrue(first.out().contains("; " + fixture.calls + " new call(s)"), first.out());
        long[] sums = new long[6];
        fixture.byDay.values().forEach(d -> {
            for (int i = 0; i < 6; i++) {
                sums[i] += d[i];
            }
        });
        JsonNode total = cli.ok("report", "--since", "2020-01-01", "--format", "json").json().path("total");
        assertEquals(sums[0], total.path("requests").asLong());
        assertEquals(sums[1], total.path("input_tokens").asLong());
        assertEquals(sums[2], total.path("output_tokens").asLong());
        assertEquals(sums[3], total.path("cache_write_tokens").asLong());
        assertEquals(sums[4], total.path("cache_read_tokens").asLong());
        assertEquals(sums[5], total.path("reasoning_tokens").asLong());
        assertTrue(cli.ok("ingest", "hermes", "--root", fixture.root().toString()).out().contains("; 0 new call(s)"));
        long[] appended = fixture.appendSession();
        assertTrue(cli.ok("ingest", "hermes", "--root", fixture.root().toString()).out().contains("; 1 new call(s)"));
        JsonNode after = cli.ok("report", "--since", "2020-01-01", "--format", "json").json().path("total");
        assertEquals(sums[1] + appended[0], after.path("input_tokens").asLong());
        assertEquals(sums[2] + appended[1], after.path("output_tokens").asLong());
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE event_key = 'hermes:running_1'"));
        assertEquals(2, cli.count("SELECT count(DISTINCT value) FROM event_tags WHERE key = 'source' AND value IN ('cli', 'telegram')"));
    }

    @Test
    void aCopyOfTheDatabaseUnderASecondRootAddsNothing() throws Exception {
        Cli cli = new Cli(dir.resolve("copy.db"), Instant.parse("2026-12-01T00:00:00Z"));
        HermesFixture fixture = new HermesFixture(dir.resolve("hermes"), 9, Instant.now());
        fixture.write();
        Path copy = dir.resolve("copy-root");
        Path copied = copy.resolve(fixture.root().relativize(fixture.database()));
        java.nio.file.Files.createDirectories(copied.getParent());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + fixture.database());
             Statement statement = db.createStatement()) {
            statement.execute("VACUUM INTO '" + copied + "'");
        }
        assertTrue(cli.ok("ingest", "hermes", "--root", fixture.root().toString()).out().contains("; " + fixture.calls + " new call(s)"));
        assertTrue(cli.ok("ingest", "hermes", "--root", copy.toString()).out().contains("; 0 new call(s)"),
                "the same sessions/messages: the same keys");
    }
}
