package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.ingest.ClaudeCodeFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ingest} without an agent, and {@code ingest --list}. */
class IngestCommandTest {
    @TempDir
    Path dir;
    Cli cli;
    ClaudeCodeFixture claude;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
        cli.env("HOME", dir.resolve("home").toString());
        claude = new ClaudeCodeFixture(dir.resolve("home/.claude"));
        claude.write();
    }

    @Test
    void withoutAnAgentEveryAgentFoundIsRead() {
        Cli.Result result = cli.ok("ingest");
        assertTrue(result.out().contains("Claude Code (claude-code)"), result.out());
        assertTrue(result.out().contains(claude.calls + " new call(s)"), result.out());
        assertEquals(claude.calls, cli.ok("report", "--format", "json").json().path("total").path("requests").asLong());
        assertTrue(cli.ok("ingest").out().contains("0 new call(s)"));
    }

    @Test
    void nothingFoundIsNotAnError() {
        cli.env("HOME", dir.resolve("empty").toString());
        Cli.Result result = cli.ok("ingest");
        assertTrue(result.out().startsWith("No agent logs found"), result.out());
        assertFalse(Files.exists(cli.db()), "nothing to read: the database is not even created");
    }

    @Test
    void listShowsWhereEachAgentWasFoundAndWhatIsStored() {
        JsonNode before = cli.ok("ingest", "--list", "--format", "json").json().path("agents");
        JsonNode claudeRow = before.get(0);
        assertEquals("claude-code", claudeRow.path("agent").asText());
        assertTrue(claudeRow.path("found").asBoolean());
        assertEquals(dir.resolve("home/.claude").toString(), claudeRow.path("roots").get(0).asText());
        assertEquals(10, claudeRow.path("files").asInt());
        assertEquals(0, claudeRow.path("calls").asLong());
        cli.ok("ingest");
        JsonNode after = cli.ok("ingest", "--list", "--format", "json").json().path("agents").get(0);
        assertEquals(claude.calls, after.path("calls").asLong());
        String table = cli.ok("ingest", "--list").out();
        assertTrue(table.contains("claude-code") && table.contains(dir.resolve("home/.claude").toString()), table);
        String csv = cli.ok("ingest", "--list", "--format", "csv").out();
        assertTrue(csv.startsWith("agent,name,found,roots,files,calls\r\n"), csv);
        assertTrue(csv.contains("claude-code,Claude Code,true,"), csv);
    }

    @Test
    void formatWithoutListIsAUsageError() {
        Cli.Result result = cli.run("ingest", "--format", "json");
        assertEquals(2, result.code());
        assertFalse(Files.exists(cli.db()));
    }

    @Test
    void aMissingRootIsAUsageError() {
        Cli.Result result = cli.run("ingest", "claude-code", "--root", dir.resolve("nowhere").toString());
        assertEquals(2, result.code());
        assertTrue(result.err().contains("no such directory"), result.err());
    }
}
