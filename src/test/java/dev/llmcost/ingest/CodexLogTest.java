package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodexLogTest {
    @TempDir
    Path dir;
    Cli cli;
    CodexFixture fixture;
    Path newest;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
        fixture = new CodexFixture(dir.resolve("codex"));
        newest = fixture.write();
    }

    private void assertTotalsMatchFixture() {
        JsonNode total = cli.ok("report", "--format", "json").json().path("total");
        assertEquals(fixture.calls, total.path("requests").asLong());
        assertEquals(fixture.inputTokens, total.path("input_tokens").asLong());
        assertEquals(fixture.cachedTokens, total.path("cache_read_tokens").asLong());
        assertEquals(fixture.outputTokens, total.path("output_tokens").asLong());
        assertEquals(fixture.reasoningTokens, total.path("reasoning_tokens").asLong());
        assertEquals(0, total.path("cache_write_tokens").asLong());
    }

    @Test
    void everyCallOnceDespiteCumulativeTotalsRepeatsNoticesForksAndReruns() {
        Cli.Result first = cli.ok("ingest", "codex", "--root", fixture.root().toString());
        assertTrue(first.out().contains("Scanned 8 transcript(s), 8 changed; " + fixture.calls + " new call(s)."), first.out());
        assertEquals("", first.err());
        assertTotalsMatchFixture();
        Cli.Result again = cli.ok("ingest", "codex", "--root", fixture.root().toString());
        assertTrue(again.out().contains("0 changed; 0 new call(s)"), again.out());
        assertTotalsMatchFixture();
        assertEquals(fixture.fallbackCalls, cli.count("SELECT count(*) FROM events WHERE model = 'gpt-5' AND id IN "
                + "(SELECT event_id FROM event_tags WHERE key = 'model_fallback')"));
        assertEquals(3, cli.ok("report", "--by", "project", "--format", "json").json().path("rows").size());
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE agent <> 'codex' OR provider <> 'openai' OR cost_nanos IS NULL"),
                "every call is priced from the table as openai");
        assertTrue(cli.count("SELECT count(DISTINCT session) FROM events") >= 7);
    }

    @Test
    void anAppendedCallIsTheOnlyNewOneAndItsModelComesFromEarlierLines() throws Exception {
        cli.ok("ingest", "codex", "--root", fixture.root().toString());
        String lastModel = cli.strings("SELECT model FROM events WHERE session = '" + sessionOf(newest)
                + "' ORDER BY occurred_at DESC LIMIT 1").get(0);
        fixture.append(newest, "2026-11-20T10:00:00.000Z");
        Files.writeString(newest, "{\"timestamp\":\"2026-11-20T10:00:01.000Z\",\"type\":\"event_msg\",\"payl",
                StandardOpenOption.APPEND);
        Cli.Result result = cli.ok("ingest", "codex", "--root", fixture.root().toString());
        assertTrue(result.out().contains("1 changed; 1 new call(s)"), result.out());
        assertEquals("", result.err());
        assertTotalsMatchFixture();
        assertEquals(lastModel, cli.strings("SELECT model FROM events WHERE occurred_at LIKE '2026-11-20%'").get(0),
                "the model of the appended call comes from a turn_context read in the earlier run");
        assertEquals(sessionOf(newest), cli.strings("SELECT session FROM events WHERE occurred_at LIKE '2026-11-20%'").get(0));
    }

    private static String sessionOf(Path rollout) {
        String name = rollout.getFileName().toString();
        return name.substring(name.length() - 6 - 36, name.length() - 6);
    }

    @Test
    void notifyHookFindsTheRolloutByThreadIdAndNeverFailsTheAgent() {
        cli.env("CODEX_HOME", fixture.root().toString());
        String notify = "{\"type\":\"agent-turn-complete\",\"thread-id\":\"" + sessionOf(newest) + "\",\"turn-id\":\"7\","
                + "\"cwd\":\"/home/dev/api\",\"input-messages\":[\"go\"],\"last-assistant-message\":\"done\"}";
        Cli.Result result = cli.run("ingest", "codex", "--hook", notify);
        assertEquals(0, result.code(), result.err());
        assertEquals("", result.err());
        assertEquals(5, cli.rows(), "the five calls of that one session");
        Cli.Result unknown = cli.run("ingest", "codex", "--hook", "{\"thread-id\":\"nope\"}");
        assertEquals(0, unknown.code());
        assertTrue(unknown.err().contains("no rollout of session nope"), unknown.err());
        assertEquals(2, cli.run("ingest", "codex", "--hook", "--strict", "not json").code());
        Cli.Result lifecycle = cli.runWithStdin("{\"session_id\":\"x\",\"transcript_path\":\"" + newest + "\"}",
                "ingest", "codex", "--hook");
        assertEquals(0, lifecycle.code(), lifecycle.err());
        assertEquals(5, cli.rows(), "the lifecycle hook's transcript_path: the same file, nothing doubled");
    }

    @Test
    void ingestWithoutAnAgentFindsCodexHome() {
        cli.env("HOME", dir.resolve("home").toString());
        cli.env("CODEX_HOME", fixture.root().toString());
        Cli.Result result = cli.ok("ingest");
        assertTrue(result.out().contains("Codex (codex)"), result.out());
        assertTotalsMatchFixture();
        JsonNode agents = cli.ok("ingest", "--list", "--format", "json").json().path("agents");
        assertEquals("codex", agents.get(1).path("agent").asText());
        assertEquals(8, agents.get(1).path("files").asInt());
        assertEquals(fixture.calls, agents.get(1).path("calls").asLong());
        assertTrue(agents.get(1).path("hook").asBoolean());
    }
}
