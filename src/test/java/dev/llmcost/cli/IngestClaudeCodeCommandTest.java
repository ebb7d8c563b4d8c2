package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.ingest.ClaudeCodeFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class IngestClaudeCodeCommandTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    Cli cli;
    ClaudeCodeFixture fixture;
    Path lastSession;

    @BeforeEach
    void setUp() throws Exception {
        cli = Cli.on(backend, dir, NOW);
        fixture = new ClaudeCodeFixture(dir.resolve("claude"));
        lastSession = fixture.write();
    }

    private JsonNode total() {
        return cli.ok("report", "--format", "json").json().path("total");
    }

    private void assertTotalsMatchFixture() {
        JsonNode total = total();
        assertEquals(fixture.calls, total.path("requests").asLong());
        assertEquals(fixture.inputTokens, total.path("input_tokens").asLong());
        assertEquals(fixture.outputTokens, total.path("output_tokens").asLong());
        assertEquals(fixture.cacheWriteTokens, total.path("cache_write_tokens").asLong());
        assertEquals(fixture.cacheReadTokens, total.path("cache_read_tokens").asLong());
    }

    @Test
    void everyCallExactlyOnceDespiteStreamingDuplicatesResumesAndReruns() {
        Cli.Result first = cli.ok("ingest", "claude-code", "--root", fixture.root().toString());
        assertTrue(first.out().contains("Scanned 10 transcript(s), 10 changed; " + fixture.calls + " new call(s)."), first.out());
        assertTotalsMatchFixture();
        Cli.Result again = cli.ok("ingest", "claude-code", "--root", fixture.root().toString());
        assertTrue(again.out().contains("0 changed; 0 new call(s)"), again.out());
        assertTotalsMatchFixture();
        JsonNode projects = cli.ok("report", "--by", "project", "--format", "json").json().path("rows");
        assertEquals(3, projects.size());
        assertEquals(1, cli.count("SELECT count(DISTINCT agent) FROM events WHERE agent = 'claude-code'"));
    }

    @Test
    void anAppendedLineIsTheOnlyWorkDoneAndAnUnfinishedLineWaits() throws Exception {
        cli.ok("ingest", "claude-code", "--root", fixture.root().toString());
        fixture.append(lastSession, "2026-11-20T10:00:00.000Z");
        Files.writeString(lastSession, "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_half", StandardOpenOption.APPEND);
        Cli.Result result = cli.ok("ingest", "claude-code", "--root", fixture.root().toString());
        assertTrue(result.out().contains("1 changed; 1 new call(s)"), result.out());
        assertEquals("", result.err(), "an unfinished last line is not an error: it is read once complete");
        assertTotalsMatchFixture();
        long offset = cli.count("SELECT \"offset\" FROM ingested_files WHERE path = '" + lastSession.toAbsolutePath() + "'");
        assertEquals(Files.size(lastSession) - "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_half".length(), offset);
    }

    @Test
    void unreadableLinesAreCountedAndSkipped() throws Exception {
        Files.writeString(lastSession, "this is not json\n{\"type\":\"assistant\",\"timestamp\":\"x\",\"message\":"
                + "{\"model\":\"claude-sonnet-4\",\"usage\":{\"input_tokens\":1}}}\n", StandardOpenOption.APPEND);
        Cli.Result result = cli.ok("ingest", "claude-code", "--root", fixture.root().toString());
        assertTrue(result.err().contains("skipped 2 transcript line(s)"), result.err());
        assertTotalsMatchFixture();
    }

    @Test
    void hookModeIngestsOneTranscriptAndNeverFailsTheAgent() {
        String hook = "{\"session_id\":\"sess-2-2\",\"transcript_path\":\"" + lastSession + "\",\"cwd\":\"/srv/tools/infra\","
                + "\"hook_event_name\":\"Stop\",\"stop_hook_active\":false}";
        Cli.Result result = cli.runWithStdin(hook, "ingest", "claude-code", "--hook");
        assertEquals(0, result.code(), result.err());
        assertEquals(6, cli.rows());
        Cli.Result broken = cli.runWithStdin("{\"transcript_path\":\"/nowhere.jsonl\"}", "ingest", "claude-code", "--hook");
        assertEquals(0, broken.code());
        assertTrue(broken.err().contains("does not exist"), broken.err());
        assertEquals(2, cli.runWithStdin("not json", "ingest", "claude-code", "--hook", "--strict").code());
    }

    @Test
    void configDirComesFromTheEnvironment() {
        cli.env("CLAUDE_CONFIG_DIR", dir.resolve("elsewhere") + "," + fixture.root());
        cli.ok("ingest", "claude-code");
        assertTotalsMatchFixture();
    }
}
