package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.model.Tokens;
import dev.llmcost.store.ZCodeDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZCodeLogTest {
    @TempDir
    Path dir;

    private static ZCodeDatabase.Row row(Object at, String model, Object input, Object output, Object created, Object cached,
                                         Object reasoning, String directory) {
        return new ZCodeDatabase.Row("mu_1", "sess_1", at, model, "zai-coding-plan", input, output, created, cached,
                reasoning, directory);
    }

    @Test
    void inputIncludesBothCachesAndReasoningIsPartOfOutput() {
        AgentCall call = ZCodeLog.call(row(1_794_132_000_123L, "GLM-5.2", 10_000L, 900L, 1_000L, 6_000L, 300L,
                "/home/dev/api/")).orElseThrow();
        assertEquals(new Tokens(3_000, 900, 1_000, 6_000, 300), call.tokens());
        assertEquals("zcode:mu_1", call.key());
        assertEquals(Instant.ofEpochMilli(1_794_132_000_123L), call.at());
        assertEquals("zhipuai", call.provider());
        assertEquals("sess_1", call.session());
        assertEquals("api", call.project());
    }

    @Test
    void cachesAreClampedToTheInputAndBadCountsAreZero() {
        assertEquals(new Tokens(0, 80, 0, 400, 0), ZCodeLog.call(row(1L, "glm-4.6", 400L, 80L, 50L, 900L, 0L, null))
                .orElseThrow().tokens());
        assertEquals(new Tokens(0, 80, 20, 500, 80), ZCodeLog.call(row(1L, "glm-4.6", 520L, 80L, 30L, 500L, 999L, null))
                .orElseThrow().tokens(), "reasoning at most the output");
        assertEquals(new Tokens(1_400, 0, 100, 500, 0), ZCodeLog.call(row(1L, "glm-4.6", 2_000L, -7L, 100L, 500L, null, null))
                .orElseThrow().tokens(), "a negative count is 0, as ccusage reads it");
        assertEquals(new Tokens(0, 90, 0, 0, 0), ZCodeLog.call(row(1L, "glm-4.6", "many", 90L, null, null, null, null))
                .orElseThrow().tokens());
        assertEquals(new Tokens(5, 1, 0, 0, 0), ZCodeLog.call(row(1.9, "glm-4.6", 5.7, 1, 0, 0, 0, null))
                .orElseThrow().tokens(), "fractions rounded down");
    }

    @Test
    void rowsWithoutTimeOrModelOrAnyCountAreNoCalls() {
        assertEquals(Optional.empty(), ZCodeLog.call(row(null, "glm-4.6", 5L, 1L, 0L, 0L, 0L, null)));
        assertEquals(Optional.empty(), ZCodeLog.call(row("2026-11-03T10:00:00Z", "glm-4.6", 5L, 1L, 0L, 0L, 0L, null)),
                "a text time (ccusage dates it 1970-01-01)");
        assertEquals(Optional.empty(), ZCodeLog.call(row(-5L, "glm-4.6", 5L, 1L, 0L, 0L, 0L, null)));
        assertEquals(Optional.empty(), ZCodeLog.call(row(1L, null, 5L, 1L, 0L, 0L, 0L, null)));
        assertEquals(Optional.empty(), ZCodeLog.call(row(1L, " ", 5L, 1L, 0L, 0L, 0L, null)));
        assertEquals(Optional.empty(), ZCodeLog.call(row(1L, "glm-4.6", 0L, 0L, 0L, 0L, 0L, null)));
        assertEquals("zcode", ZCodeLog.call(row(1L, "glm-4.6", 5L, 1L, 0L, 0L, 0L, null)).orElseThrow().project());
        assertEquals("x-ai", ZCodeLog.call(row(1L, "grok-4.3", 5L, 1L, 0L, 0L, 0L, null)).orElseThrow().provider());
    }

    @Test
    void defaultRootIsZcodeHomeElseDotZcode() {
        ZCodeLog log = new ZCodeLog();
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", "/home/u"));
        assertEquals(List.of(Path.of("/home/u/.zcode")), log.defaultRoots(env::get));
        env.put("ZCODE_HOME", "/a, /b");
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), log.defaultRoots(env::get));
    }

    @Test
    void fixtureEveryCompletedRequestOnceThenOneAddedRequest() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-30T12:00:00Z"));
        ZCodeFixture fixture = new ZCodeFixture(dir.resolve("zcode"), 5);
        fixture.write();
        Cli.Result first = cli.ok("ingest", "zcode", "--root", fixture.root().toString());
        assertTrue(first.out().contains("; " + fixture.calls + " new call(s)"), first.out());
        assertTotals(cli, fixture);
        assertTrue(cli.ok("ingest", "zcode", "--root", fixture.root().toString()).out().contains("; 0 new call(s)"));
        fixture.append(Instant.parse("2026-11-29T10:00:00Z"));
        Cli.Result again = cli.ok("ingest", "zcode", "--root", fixture.root().toString());
        assertTrue(again.out().contains("; 1 new call(s)"), again.out());
        assertTotals(cli, fixture);
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE agent <> 'zcode' OR provider <> 'zhipuai'"));
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE (cost_nanos IS NULL) <> (model = 'glm-zeta-preview')"),
                "every known GLM model is priced from the table, the unknown one is not");
        assertTrue(cli.count("SELECT count(*) FROM events WHERE model = 'glm-zeta-preview'") > 0);
    }

    private static void assertTotals(Cli cli, ZCodeFixture fixture) {
        JsonNode total = cli.ok("report", "--format", "json").json().path("total");
        assertEquals(fixture.calls, total.path("requests").asLong());
        assertEquals(fixture.input, total.path("input_tokens").asLong());
        assertEquals(fixture.output, total.path("output_tokens").asLong());
        assertEquals(fixture.cacheWrite, total.path("cache_write_tokens").asLong());
        assertEquals(fixture.cacheRead, total.path("cache_read_tokens").asLong());
        assertEquals(fixture.reasoning, total.path("reasoning_tokens").asLong());
    }
}
