package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.ingest.FixtureDays;
import dev.llmcost.ingest.KimiFixture;
import dev.llmcost.ingest.OpenClawFixture;
import dev.llmcost.ingest.PiFixture;
import dev.llmcost.ingest.QwenFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * llmcost against ccusage 20.0.24 on generated pi-agent, Qwen Code, Kimi CLI and OpenClaw trees: every UTC day's
 * input, output, cache write and cache read of {@code report --by day} must be ccusage's daily figures, read this
 * way: ccusage's {@code outputTokens} leaves out what it keeps as "extra" total tokens (a {@code totalTokens}
 * above the parts, Qwen's thoughts), which llmcost counts as output (it is billed as output), so llmcost's output
 * is ccusage's {@code totalTokens} minus its input and cache. Where llmcost deliberately differs (Qwen Code,
 * docs/AGENTS.md) the difference is expected exactly: Qwen's cached tokens as input too, and Qwen's thoughts twice when candidatesTokenCount already
 * holds them. Then one call is appended and ingested: exactly
 * one new call, the totals moved by exactly that call.
 */
class PiQwenKimiOpenclawCcusageIT {
    @TempDir
    Path dir;

    /** input, output (everything beside input and cache), cache write, cache read of one ccusage day. */
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

    /** The same days in both, each day's four figures equal once {@code expectedGap} (ccusage minus llmcost) is allowed. */
    private static void assertAgree(Map<String, JsonNode> ours, Map<String, JsonNode> theirs, FixtureDays fixture,
                                    Map<String, long[]> expectedGap) {
        assertEquals(theirs.keySet(), ours.keySet(), "the same days");
        assertEquals(fixture.byDay.keySet(), ours.keySet(), "the fixture's days");
        assertTrue(ours.size() >= 4, "several days: " + ours.keySet());
        for (String day : ours.keySet()) {
            long[] a = llmcostDay(ours.get(day));
            long[] b = ccusageDay(theirs.get(day));
            long[] gap = expectedGap.getOrDefault(day, new long[4]);
            for (int i = 0; i < 4; i++) {
                b[i] -= gap[i];
            }
            assertArrayEquals(b, a, day + ": input, output, cache write, cache read");
            long[] expected = fixture.byDay.get(day);
            assertArrayEquals(new long[] {expected[1], expected[2], expected[3], expected[4]}, a, day + " against the fixture");
        }
        assertEquals(fixture.calls, Ccusage.calls(ours), "calls");
    }

    /** Ingests once more after one call was appended: exactly one new call, and the totals moved by exactly it. */
    private static void assertOneMore(Path db, String agent, Path root, Map<String, JsonNode> before, long[] call)
            throws Exception {
        Jar.Result result = Jar.run(db, "", "ingest", agent, "--root", root.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("; 1 new call(s)"), result.out());
        Map<String, JsonNode> after = Ccusage.days(db);
        assertEquals(Ccusage.calls(before) + 1, Ccusage.calls(after));
        long[] was = sum(before);
        long[] now = sum(after);
        for (int i = 0; i < 4; i++) {
            assertEquals(was[i] + call[i], now[i], "figure " + i + " moved by the appended call");
        }
    }

    private static long[] sum(Map<String, JsonNode> days) {
        long[] total = new long[4];
        for (JsonNode row : days.values()) {
            long[] day = llmcostDay(row);
            for (int i = 0; i < 4; i++) {
                total[i] += day[i];
            }
        }
        return total;
    }

    @Test
    void piDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        PiFixture fixture = new PiFixture(dir.resolve("pi/sessions"), 21);
        fixture.write();
        Path db = dir.resolve("pi.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "pi", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("pi", Map.of("PI_AGENT_DIR", fixture.root().toString()));
        assertTrue(fixture.forkCopiedCalls > 0, "the fixture has a forked session that copied calls");
        assertTrue(fixture.ccusageExtra.isEmpty(), "both count a fork's copies once");
        assertAgree(ours, theirs, fixture.days, fixture.ccusageExtra);
        assertOneMore(db, "pi", fixture.root(), ours, fixture.append());
    }

    @Test
    void qwenDailyTokensAgreeWithCcusageButForWhatItCountsTwice() throws Exception {
        Ccusage.binary();
        QwenFixture fixture = new QwenFixture(dir.resolve("qwen"), 23);
        fixture.write();
        Path db = dir.resolve("qwen.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "qwen", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("qwen", Map.of("QWEN_DATA_DIR", fixture.root().toString()));
        assertTrue(!fixture.ccusageExtra.isEmpty() && fixture.ccusageExtra.values().stream().anyMatch(g -> g[1] > 0),
                "the fixture has cached tokens and OpenAI-style thoughts");
        assertAgree(ours, theirs, fixture.days, fixture.ccusageExtra);
        assertOneMore(db, "qwen", fixture.root(), ours, fixture.append());
    }

    @Test
    void kimiDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        KimiFixture fixture = new KimiFixture(dir.resolve("kimi"), 25);
        fixture.write();
        Path db = dir.resolve("kimi.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "kimi", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("kimi", Map.of("KIMI_DATA_DIR", fixture.root().toString()));
        assertAgree(ours, theirs, fixture.days, Map.of());
        assertOneMore(db, "kimi", fixture.root(), ours, fixture.append());
    }

    @Test
    void openClawDailyTokensAgreeWithCcusage() throws Exception {
        Ccusage.binary();
        OpenClawFixture fixture = new OpenClawFixture(dir.resolve("openclaw"), 27);
        fixture.write();
        Path db = dir.resolve("openclaw.db");
        Map<String, JsonNode> ours = Ccusage.ingestedDays(db, "openclaw", fixture.root());
        Map<String, JsonNode> theirs = Ccusage.daily("openclaw", Map.of("OPENCLAW_DIR", fixture.root().toString()));
        assertAgree(ours, theirs, fixture.days, Map.of());
        assertOneMore(db, "openclaw", fixture.root(), ours, fixture.append());
    }
}
