package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.ingest.AmpFixture;
import dev.llmcost.ingest.CodebuffFixture;
import dev.llmcost.ingest.CopilotFixture;
import dev.llmcost.ingest.DroidFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * llmcost against ccusage 20.0.24 on generated Amp, Droid, Codebuff and GitHub Copilot CLI trees: the same UTC
 * days, and every day's input, output, cache write and cache read equal. The mapping: ccusage's daily
 * {@code inputTokens}, {@code cacheCreationTokens} and {@code cacheReadTokens} are llmcost's input, cache write and
 * cache read; ccusage keeps what it counts beyond its parts (a {@code total} above them, Droid's thinking tokens,
 * Copilot's reasoning) out of {@code outputTokens} and in {@code totalTokens} only, while llmcost counts it as
 * output; so llmcost's output is compared with ccusage's total minus its input and cache. Then one call is
 * added to the tree: the next ingest finds exactly it, and the totals move by exactly it.
 */
class AmpDroidCodebuffCopilotCcusageIT {
    @TempDir
    Path dir;

    /** input, output (beyond-parts counts included), cache write, cache read of one ccusage day. */
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

    private static void assertSameDays(Map<String, JsonNode> theirs, Map<String, JsonNode> ours) {
        assertEquals(theirs.keySet(), ours.keySet(), "the same days");
        assertTrue(ours.size() >= 4, "several days: " + ours.keySet());
        for (String day : ours.keySet()) {
            assertArrayEquals(ccusageDay(theirs.get(day)), llmcostDay(ours.get(day)),
                    day + ": input, output, cache write, cache read");
        }
    }

    private static long[] sum(Map<String, JsonNode> days) {
        long[] sum = new long[4];
        for (JsonNode row : days.values()) {
            long[] day = llmcostDay(row);
            for (int i = 0; i < 4; i++) {
                sum[i] += day[i];
            }
        }
        return sum;
    }

    private static long[] minus(long[] a, long[] b) {
        long[] d = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** Ingests again after one call was added: exactly one new call, and the totals moved by exactly it. */
    private static void assertOneMoreCall(Path db, String agent, Path root, Map<String, JsonNode> before, long[] call)
            throws Exception {
        Jar.Result again = Jar.run(db, "", "ingest", agent, "--root", root.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("; 1 new call(s)"), again.out());
        Map<String, JsonNode> after = Ccusage.days(db);
        assertEquals(Ccusage.calls(before) + 1, Ccusage.calls(after));
        assertArrayEquals(call, minus(sum(after), sum(before)), "the totals moved by the added call");
    }

    @Test
    void ampDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        AmpFixture fixture = new AmpFixture(dir.resolve("amp"), 21);
        Path thread = fixture.write();
        Path db = dir.resolve("amp.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "amp", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("amp", Map.of("AMP_DATA_DIR", fixture.root().toString()));
        assertSameDays(theirs, ours);
        assertEquals(fixture.calls, Ccusage.calls(ours));

        long[] before = fixture.byDay.getOrDefault("2026-11-28", new long[5]).clone();
        fixture.appendCall(thread, "2026-11-28T09:30:00.000Z", "claude-sonnet-4-5-20250929");
        long[] day = fixture.byDay.get("2026-11-28");
        assertOneMoreCall(db, "amp", fixture.root(), ours,
                new long[] {day[1] - before[1], day[2] - before[2], day[3] - before[3], day[4] - before[4]});
        assertSameDays(Ccusage.daily("amp", Map.of("AMP_DATA_DIR", fixture.root().toString())), Ccusage.days(db));
    }

    /**
     * A Droid session's figures are running totals (docs/AGENTS.md): llmcost counts a session once its settings file
     * has been quiet for an hour, ccusage whatever is there. The fixture's one running session is therefore in
     * ccusage's days and not yet in llmcost's; every other day agrees.
     */
    @Test
    void droidDailyTokensAgreeWithCcusageBesidesTheRunningSession() throws Exception {
        Ccusage.binary();
        DroidFixture fixture = new DroidFixture(dir.resolve("droid"), 23);
        fixture.write();
        Path db = dir.resolve("droid.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "droid", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("droid", Map.of("DROID_SESSIONS_DIR", fixture.root().toString()));
        assertEquals(1, fixture.runningByDay.size());
        String running = fixture.runningByDay.keySet().iterator().next();
        assertTrue(theirs.containsKey(running) && !ours.containsKey(running) && !fixture.byDay.containsKey(running));
        long[] runningTokens = fixture.runningByDay.get(running);
        assertArrayEquals(new long[] {runningTokens[1], runningTokens[2], runningTokens[3], runningTokens[4]},
                ccusageDay(theirs.get(running)), "ccusage counts the running session's totals so far");
        Map<String, JsonNode> finished = new java.util.TreeMap<>(theirs);
        finished.remove(running);
        assertSameDays(finished, ours);
        assertEquals(fixture.calls, Ccusage.calls(ours));

        fixture.appendCall("2026-11-28T09:30:00.000Z", "Claude-Sonnet-4.5-[Anthropic]", "anthropic");
        long[] day = fixture.byDay.get("2026-11-28");
        assertOneMoreCall(db, "droid", fixture.root(), ours, new long[] {day[1], day[2], day[3], day[4]});
        finished = new java.util.TreeMap<>(Ccusage.daily("droid", Map.of("DROID_SESSIONS_DIR", fixture.root().toString())));
        finished.remove(running);
        assertSameDays(finished, Ccusage.days(db));
    }

    @Test
    void codebuffDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        CodebuffFixture fixture = new CodebuffFixture(dir.resolve("codebuff/manicode"), 29);
        Path chat = fixture.write();
        Path db = dir.resolve("codebuff.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "codebuff", fixture.root());
        Map<String, String> env = Map.of("CODEBUFF_DATA_DIR", fixture.root().toString());
        assertSameDays(Ccusage.daily("codebuff", env), ours);
        assertEquals(fixture.calls, Ccusage.calls(ours));

        long[] before = fixture.byDay.getOrDefault("2026-11-29", new long[5]).clone();
        fixture.appendCall(chat, java.time.Instant.parse("2026-11-29T09:30:00.000Z"));
        long[] day = fixture.byDay.get("2026-11-29");
        assertOneMoreCall(db, "codebuff", fixture.root(), ours,
                new long[] {day[1] - before[1], day[2] - before[2], day[3] - before[3], day[4] - before[4]});
        assertSameDays(Ccusage.daily("codebuff", env), Ccusage.days(db));
    }

    /**
     * Copilot writes each stay's own figures in its {@code session.shutdown}; llmcost counts every shutdown whole,
     * ccusage 20.0.24 only what a shutdown has above the previous one for the same model (docs/AGENTS.md). So for the
     * resumed sessions' later shutdowns the two differ, by exactly what the fixture says; every day with no resumed
     * shutdown agrees outright.
     */
    private static void assertCopilotDays(CopilotFixture fixture, Map<String, JsonNode> ours, Map<String, JsonNode> theirs) {
        assertEquals(fixture.byDay.keySet(), ours.keySet(), "llmcost's days");
        java.util.Set<String> days = new java.util.TreeSet<>(ours.keySet());
        days.addAll(theirs.keySet());
        int differing = 0;
        for (String day : days) {
            long[] mine = fixture.byDay.getOrDefault(day, new long[5]);
            long[] peer = fixture.ccusageByDay.getOrDefault(day, new long[5]);
            long[] expectOurs = {mine[1], mine[2], mine[3], mine[4]};
            long[] expectTheirs = {peer[1], peer[2], peer[3], peer[4]};
            assertArrayEquals(expectOurs, ours.containsKey(day) ? llmcostDay(ours.get(day)) : new long[4], day + " llmcost");
            assertArrayEquals(expectTheirs, theirs.containsKey(day) ? ccusageDay(theirs.get(day)) : new long[4], day + " ccusage");
            differing += java.util.Arrays.equals(expectOurs, expectTheirs) ? 0 : 1;
        }
        assertTrue(differing >= 2 && differing < days.size() - 3, "resumed days differ, the others agree: " + differing);
    }

    @Test
    void copilotDailyTokensAgreeWithCcusageBesidesResumedSessions() throws Exception {
        Ccusage.binary();
        CopilotFixture fixture = new CopilotFixture(dir.resolve("copilot"), 31);
        Path events = fixture.write();
        Path db = dir.resolve("copilot.db");
        Map<String, String> env = Map.of("COPILOT_HOME", fixture.root().toString(), "HOME", dir.resolve("nohome").toString());
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "copilot", fixture.root());
        assertCopilotDays(fixture, ours, Ccusage.daily("copilot", env));
        assertEquals(fixture.calls, Ccusage.calls(ours));

        long[] before = fixture.byDay.getOrDefault("2026-11-29", new long[5]).clone();
        fixture.appendCall(events, "2026-11-29T09:30:00.000Z", "gpt-5");
        long[] day = fixture.byDay.get("2026-11-29");
        assertOneMoreCall(db, "copilot", fixture.root(), ours,
                new long[] {day[1] - before[1], day[2] - before[2], day[3] - before[3], day[4] - before[4]});
        assertCopilotDays(fixture, Ccusage.days(db), Ccusage.daily("copilot", env));
    }
}
