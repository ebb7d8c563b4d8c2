package dev.llmcost.ingest;

import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenClawLogTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
    }

    private static String assistant(String id, String messageTime, String extra, String usage) {
        return "{\"type\":\"message\",\"id\":\"" + id + "\",\"timestamp\":\"2026-11-03T00:00:01.000Z\",\"message\":{\"role\":\"assistant\""
                + extra + (messageTime == null ? "" : ",\"timestamp\":" + messageTime) + ",\"usage\":" + usage + "}}";
    }

    @Test
    void modelsFromModelChangesAndSnapshotsTimesFromTheMessageAndRenamedSessionsOnce() throws Exception {
        Path sessions = dir.resolve("openclaw/agents/main/sessions");
        Files.createDirectories(sessions);
        String codex = assistant("e2", "1793613602000", "", "{\"input\":1660,\"output\":55,\"cacheRead\":108928,\"totalTokens\":110700,"
                + "\"cost\":{\"total\":0.02}}");
        List<String> lines = List.of(
                "{\"type\":\"session\",\"version\":3,\"id\":\"abc\",\"timestamp\":\"2026-11-02T10:00:00.000Z\",\"cwd\":\"/home/claw/bot\"}",
                "{\"type\":\"model_change\",\"id\":\"e1\",\"provider\":\"openai-codex\",\"modelId\":\"gpt-5.2\"}",
                codex,
                codex,
                assistant("e3", "\"2026-11-02T23:59:59.000Z\"", ",\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-5\"",
                        "{\"input\":10,\"output\":20,\"cacheRead\":30,\"cacheWrite\":40,\"totalTokens\":100}"),
                "{\"type\":\"custom\",\"customType\":\"model-snapshot\",\"id\":\"e4\",\"data\":{\"provider\":\"google\",\"modelId\":\"gemini-3-pro-preview\"}}",
                assistant("e5", null, "", "{\"totalTokens\":222}"),
                assistant("e6", "1793613606000", "", "{\"input\":0,\"output\":0}"),
                "{\"type\":\"message\",\"id\":\"e7\",\"message\":{\"role\":\"user\",\"content\":\"usage?\"}}",
                "{\"type\":\"message\",\"id\":\"e8\",\"message\":{\"role\":\"assistant\",\"usage\":{\"input\":");
        String text = String.join("\n", lines) + "\n";
        Files.writeString(sessions.resolve("abc.jsonl"), text);
        Files.writeString(sessions.resolve("abc.jsonl.reset.2026-11-03T08-00-00.000Z"), text);
        Files.writeString(sessions.resolve("sessions.json"), "{\"abc\":{\"usage\":{\"input\":1}}}");
        Files.createSymbolicLink(sessions.resolve("link.jsonl"), sessions.resolve("abc.jsonl"));
        Cli.Result result = cli.ok("ingest", "openclaw", "--root", dir.resolve("openclaw").toString());
        assertTrue(result.out().contains("Scanned 2 transcript(s)"), result.out());
        assertEquals(List.of(
                "2026-11-02T10:00:02.000Z openai gpt-5.2 1660 112 0 108928 0 abc",
                "2026-11-02T23:59:59.000Z anthropic claude-sonnet-4-5 10 20 40 30 0 abc",
                "2026-11-03T00:00:01.000Z google gemini-3-pro-preview 0 222 0 0 0 abc"), AgentLogTesting.calls(cli),
                "the message's time; the model of the latest model_change or model-snapshot; a total above the parts is output;"
                        + " the reset copy and the link add nothing");
        assertEquals(List.of("given 20000000"), cli.strings("SELECT cost_source || ' ' || cost_nanos FROM events WHERE model = 'gpt-5.2'"));
        assertEquals(List.of("bot"), cli.strings("SELECT DISTINCT p.name FROM events e JOIN projects p ON p.id = e.project_id"));
    }

    @Test
    void sessionFileNames() {
        assertTrue(OpenClawLog.isSession("a.jsonl"));
        assertTrue(OpenClawLog.isSession("a.jsonl.deleted.1700000000000"));
        assertTrue(OpenClawLog.isSession("a.jsonl.reset.2026-03-20T06-34-44.520Z"));
        assertFalse(OpenClawLog.isSession("a.json"));
        assertFalse(OpenClawLog.isSession("a.jsonl.bak"));
    }

    @Test
    void aGeneratedTreeIngestsOnceAndAnAppendedCallIsTheOnlyNewOne() throws Exception {
        OpenClawFixture fixture = new OpenClawFixture(dir.resolve("openclaw"), 5);
        fixture.write();
        AgentLogTesting.assertIngestsOnce(cli, "openclaw", fixture.root(), fixture.days);
        fixture.append();
        assertTrue(cli.ok("ingest", "openclaw", "--root", fixture.root().toString()).out().contains("; 1 new call(s)"));
        AgentLogTesting.assertTotals(cli, fixture.days);
    }

    @Test
    void rootsComeFromOpenClawDirElseTheFourHomes() {
        OpenClawLog log = new OpenClawLog();
        assertEquals(List.of(Path.of("/h/.openclaw"), Path.of("/h/.clawdbot"), Path.of("/h/.moltbot"), Path.of("/h/.moldbot")),
                log.defaultRoots(Map.of("HOME", "/h")::get));
        assertEquals(List.of(Path.of("/a")), log.defaultRoots(Map.of("HOME", "/h", "OPENCLAW_DIR", "/a")::get));
    }
}
