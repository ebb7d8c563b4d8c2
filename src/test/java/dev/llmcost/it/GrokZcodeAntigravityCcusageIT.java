package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.ingest.AntigravityFixture;
import dev.llmcost.ingest.GrokFixture;
import dev.llmcost.ingest.ZCodeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * llmcost against ccusage 20.0.24 on generated Grok Build, ZCode and Antigravity trees: every day of
 * {@code report --by day} agrees with {@code ccusage AGENT daily --json --offline} on input, output, cache write and
 * cache read; the call count is the fixture's; one appended call is one new call and moves the totals by it.
 * Field mapping: ccusage's {@code inputTokens} (input without either cache), {@code cacheCreationTokens} and
 * {@code cacheReadTokens} are llmcost's {@code input_tokens}, {@code cache_write_tokens} and {@code cache_read_tokens}.
 * Output: for Grok and ZCode ccusage's {@code outputTokens} (reasoning included) is llmcost's {@code output_tokens};
 * ccusage's {@code totalTokens} is not compared there (for ZCode it is the database's own {@code computed_total_tokens}
 * when set). For Antigravity ccusage's {@code outputTokens} leaves thinking out and counts it in {@code totalTokens}
 * only, while llmcost's output includes it (billed as output): llmcost's output is ccusage's total minus its input
 * and caches. ccusage counts a conversation once per data dir holding a copy (antigravity-backup); the fixture has
 * one data dir, and the unit test checks llmcost counts a copy once.
 */
class GrokZcodeAntigravityCcusageIT {
    @TempDir
    Path dir;

    /** input, output, cache write, cache read of one ccusage day. */
    private static long[] theirs(JsonNode d) {
        return new long[] {d.path("inputTokens").asLong(), d.path("outputTokens").asLong(),
                d.path("cacheCreationTokens").asLong(), d.path("cacheReadTokens").asLong()};
    }

    /** As {@link #theirs}, output being ccusage's total minus input and caches (thinking included). */
    private static long[] theirsWithThinking(JsonNode d) {
        long[] day = theirs(d);
        day[1] = d.path("totalTokens").asLong() - day[0] - day[2] - day[3];
        return day;
    }

    private static long[] ours(JsonNode r) {
        long[] all = Ccusage.ours(r);
        return new long[] {all[0], all[1], all[2], all[3]};
    }

    private static void assertSameDays(Map<String, JsonNode> ours, Map<String, JsonNode> theirs) {
        assertSameDays(ours, theirs, false);
    }

    private static void assertSameDays(Map<String, JsonNode> ours, Map<String, JsonNode> theirs, boolean thinkingApart) {
        assertEquals(theirs.keySet(), ours.keySet(), "the same days");
        for (String day : ours.keySet()) {
            JsonNode d = theirs.get(day);
            assertArrayEquals(thinkingApart ? theirsWithThinking(d) : theirs(d), ours(ours.get(day)),
                    day + ": input, output, cache write, cache read");
        }
    }

    private static long[] sum(Map<String, JsonNode> days) {
        long[] total = new long[5];
        for (JsonNode row : days.values()) {
            long[] day = Ccusage.ours(row);
            for (int i = 0; i < total.length; i++) {
                total[i] += day[i];
            }
        }
        return total;
    }

    @Test
    void grokDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        GrokFixture fixture = new GrokFixture(dir.resolve("grok"), 17);
        Path appendTo = fixture.write();
        Path db = dir.resolve("grok.db");
        Map<String, String> env = Map.of("GROK_HOME", fixture.root().toString());
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "grok", fixture.root());
        assertSameDays(ours, Ccusage.daily("grok", env));
        assertTrue(ours.size() >= 8, "days: " + ours.keySet());
        assertEquals(fixture.calls, Ccusage.calls(ours));
        assertArrayEquals(new long[] {fixture.input, fixture.output, fixture.cacheWrite, fixture.cacheRead, fixture.reasoning},
                sum(ours));

        long[] before = sum(ours);
        GrokFixture.Usage added = fixture.append(appendTo, Instant.parse("2026-11-29T10:00:00Z"));
        Jar.Result again = Jar.run(db, "", "ingest", "grok", "--root", fixture.root().toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("; 1 new call(s)"), again.out());
        Map<String, JsonNode> after = Ccusage.days(db);
        long[] moved = sum(after);
        assertArrayEquals(new long[] {before[0] + added.input(), before[1] + added.output(), before[2] + added.created(),
                before[3] + added.cached(), before[4] + added.reasoning()}, moved);
        assertEquals(fixture.calls, Ccusage.calls(after));
        assertSameDays(after, Ccusage.daily("grok", env));
    }

    @Test
    void zcodeDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        ZCodeFixture fixture = new ZCodeFixture(dir.resolve("zcode"), 19);
        fixture.write();
        Path db = dir.resolve("zcode.db");
        Map<String, String> env = Map.of("ZCODE_HOME", fixture.root().toString());
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "zcode", fixture.root());
        assertSameDays(ours, Ccusage.daily("zcode", env));
        assertTrue(ours.size() >= 8, "days: " + ours.keySet());
        assertEquals(fixture.calls, Ccusage.calls(ours));
        assertArrayEquals(new long[] {fixture.input, fixture.output, fixture.cacheWrite, fixture.cacheRead, fixture.reasoning},
                sum(ours));

        long[] before = sum(ours);
        ZCodeFixture.Stored added = fixture.append(Instant.parse("2026-11-29T10:00:00Z"));
        Jar.Result again = Jar.run(db, "", "ingest", "zcode", "--root", fixture.root().toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("; 1 new call(s)"), again.out());
        Map<String, JsonNode> after = Ccusage.days(db);
        assertArrayEquals(new long[] {before[0] + added.input(), before[1] + added.output(), before[2] + added.cacheWrite(),
                before[3] + added.cacheRead(), before[4] + added.reasoning()}, sum(after));
        assertEquals(fixture.calls, Ccusage.calls(after));
        assertSameDays(after, Ccusage.daily("zcode", env));
    }

    @Test
    void antigravityDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        AntigravityFixture fixture = new AntigravityFixture(dir.resolve("antigravity"), 23);
        Path appendTo = fixture.write();
        Path db = dir.resolve("antigravity.db");
        Map<String, String> env = Map.of("ANTIGRAVITY_DATA_DIR", fixture.root().toString());
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "antigravity", fixture.root());
        assertSameDays(ours, Ccusage.daily("antigravity", env), true);
        assertTrue(ours.size() >= 5, "days: " + ours.keySet());
        assertEquals(fixture.calls, Ccusage.calls(ours));
        assertArrayEquals(new long[] {fixture.input, fixture.output, fixture.cacheWrite, fixture.cacheRead, fixture.reasoning},
                sum(ours));

        long[] before = sum(ours);
        AntigravityFixture.Stored added = fixture.append(appendTo);
        Jar.Result again = Jar.run(db, "", "ingest", "antigravity", "--root", fixture.root().toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("; 1 new call(s)"), again.out());
        Map<String, JsonNode> after = Ccusage.days(db);
        assertArrayEquals(new long[] {before[0] + added.input(), before[1] + added.output(), before[2] + added.cacheWrite(),
                before[3] + added.cacheRead(), before[4] + added.reasoning()}, sum(after));
        assertEquals(fixture.calls, Ccusage.calls(after));
        assertSameDays(after, Ccusage.daily("antigravity", env), true);
    }
}
