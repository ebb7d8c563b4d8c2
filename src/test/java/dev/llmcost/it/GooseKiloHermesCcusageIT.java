package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.ingest.GooseFixture;
import dev.llmcost.ingest.HermesFixture;
import dev.llmcost.ingest.KiloFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * llmcost against ccusage 20.0.24 on generated Goose, Kilo and Hermes trees (their SQLite databases):
 * {@code report --by day --format json} and {@code ccusage AGENT daily --json --offline} must agree on every day's
 * tokens, then one call appended to the tree must be the only new one. How ccusage's daily JSON maps onto ours:
 * {@code inputTokens}, {@code cacheCreationTokens} and {@code cacheReadTokens} are ours as they are; its
 * {@code outputTokens} leaves out the extra use it counts beside output (reasoning, and for Goose and Kilo what
 * {@code total} holds beyond the parts) while its {@code totalTokens} includes it and it prices it as output, as
 * llmcost's output does: so our output is compared with its total minus input and cache. Where llmcost differs on
 * purpose (docs/AGENTS.md), the difference is expected explicitly.
 */
class GooseKiloHermesCcusageIT {
    @TempDir
    Path dir;

    /** input, output (extra use included), cache write, cache read of one ccusage day. */
    private static long[] ccusageDay(JsonNode d) {
        long input = d.path("inputTokens").asLong();
        long write = d.path("cacheCreationTokens").asLong();
        long read = d.path("cacheReadTokens").asLong();
        return new long[] {input, d.path("totalTokens").asLong() - input - write - read, write, read};
    }

    private static long[] llmcostDay(JsonNode r) {
        return new long[] {r.path("input_tokens").asLong(), r.path("output_tokens").asLong(),
                r.path("cache_write_tokens").asLong(), r.path("cache_read_tokens").asLong()};
    }

    private static long[] minus(long[] a, long[] fixtureDay) {
        // fixture days: calls, input, output, cache write, cache read, reasoning
        return new long[] {a[0] - fixtureDay[1], a[1] - fixtureDay[2], a[2] - fixtureDay[3], a[3] - fixtureDay[4]};
    }

    private static long[] total(Map<String, JsonNode> days) {
        long[] sum = new long[4];
        for (JsonNode row : days.values()) {
            long[] day = llmcostDay(row);
            for (int i = 0; i < 4; i++) {
                sum[i] += day[i];
            }
        }
        return sum;
    }

    private static void assertAppendedOnce(Path db, String agent, Path root, Map<String, JsonNode> before, long[] call)
            throws Exception {
        Jar.Result ingest = Jar.run(db, "", "ingest", agent, "--root", root.toString());
        assertEquals(0, ingest.code(), ingest.err());
        assertTrue(ingest.out().contains("; 1 new call(s)"), ingest.out());
        Map<String, JsonNode> after = Ccusage.days(db);
        assertEquals(Ccusage.calls(before) + 1, Ccusage.calls(after));
        long[] was = total(before);
        long[] is = total(after);
        for (int i = 0; i < 4; i++) {
            assertEquals(was[i] + call[i], is[i], "total " + i + " moved by the appended call");
        }
    }

    @Test
    void gooseDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        GooseFixture fixture = new GooseFixture(dir.resolve("goose"), 17, Instant.now());
        fixture.write();
        Path db = dir.resolve("goose.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "goose", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("goose", Map.of("GOOSE_PATH_ROOT", fixture.root().toString()));
        // ccusage counts the session still running; llmcost waits until it has been idle for an hour
        TreeSet<String> expectedDays = new TreeSet<>(ours.keySet());
        expectedDays.addAll(fixture.runningByDay.keySet());
        assertEquals(expectedDays, theirs.keySet(), "the same days, and the running session's");
        assertTrue(ours.size() >= 5);
        for (String day : theirs.keySet()) {
            long[] b = ccusageDay(theirs.get(day));
            long[] running = fixture.runningByDay.getOrDefault(day, new long[6]);
            long[] a = ours.containsKey(day) ? llmcostDay(ours.get(day)) : new long[4];
            assertArrayEquals(minus(b, running), a, day + ": input, output (extra included), cache write, cache read");
        }
        assertEquals(fixture.calls, Ccusage.calls(ours));
        long[] appended = fixture.appendSession();
        assertAppendedOnce(db, "goose", fixture.root(), ours, new long[] {appended[0], appended[1], 0, 0});
    }

    @Test
    void kiloDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        KiloFixture fixture = new KiloFixture(dir.resolve("kilo"), 19);
        fixture.write();
        Path db = dir.resolve("kilo.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "kilo", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("kilo", Map.of("KILO_DATA_DIR", fixture.root().toString()));
        assertEquals(theirs.keySet(), ours.keySet(), "the same days");
        assertTrue(ours.size() >= 5);
        for (String day : ours.keySet()) {
            // ccusage counts a message still between two steps; llmcost waits for time.completed
            long[] b = minus(ccusageDay(theirs.get(day)), fixture.unfinishedByDay.getOrDefault(day, new long[6]));
            assertArrayEquals(b, llmcostDay(ours.get(day)), day + ": input, output (reasoning and extra included), cache write, cache read");
        }
        assertTrue(!fixture.unfinishedByDay.isEmpty());
        assertEquals(fixture.calls, Ccusage.calls(ours));
        long[] appended = fixture.appendMessage();
        assertAppendedOnce(db, "kilo", fixture.root(), ours, appended);
    }

    @Test
    void hermesDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        HermesFixture fixture = new HermesFixture(dir.resolve("hermes"), 23, Instant.now());
        fixture.write();
        Path db = dir.resolve("hermes.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "hermes", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("hermes", Map.of("HERMES_HOME", fixture.root().toString()));
        // ccusage counts the session still running; llmcost waits until it ends or has been idle for an hour
        TreeSet<String> expectedDays = new TreeSet<>(ours.keySet());
        expectedDays.addAll(fixture.runningByDay.keySet());
        assertEquals(expectedDays, theirs.keySet(), "the same days, and the running session's");
        assertTrue(ours.size() >= 5);
        for (String day : theirs.keySet()) {
            long[] b = minus(ccusageDay(theirs.get(day)), fixture.runningByDay.getOrDefault(day, new long[6]));
            long[] a = ours.containsKey(day) ? llmcostDay(ours.get(day)) : new long[4];
            assertArrayEquals(b, a, day + ": input, output (reasoning included), cache write, cache read");
        }
        assertEquals(fixture.calls, Ccusage.calls(ours));
        long[] appended = fixture.appendSession();
        assertAppendedOnce(db, "hermes", fixture.root(), ours, appended);
    }
}
