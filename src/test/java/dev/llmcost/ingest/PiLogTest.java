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
import static org.junit.jupiter.api.Assertions.assertTrue;

class PiLogTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
    }

    private static String assistant(String id, String time, String provider, String model, String usage) {
        return "{\"type\":\"message\",\"id\":\"" + id + "\",\"parentId\":null,\"timestamp\":\"" + time + "\",\"message\":"
                + "{\"role\":\"assistant\",\"provider\":\"" + provider + "\",\"model\":\"" + model + "\",\"usage\":" + usage
                + ",\"stopReason\":\"stop\",\"timestamp\":1793613600000}}";
    }

    @Test
    void eachAssistantUsageOnceWithItsOwnSplitAndEveryTrapLeftOut() throws Exception {
        Path project = dir.resolve("sessions/--home-dev-shop--");
        Files.createDirectories(project);
        String anthropic = assistant("a1", "2026-11-02T10:00:01.000Z", "anthropic", "claude-sonnet-4-5",
                "{\"input\":100,\"output\":50,\"cacheRead\":1000,\"cacheWrite\":200,\"totalTokens\":1350,\"cost\":{\"total\":0.0123}}");
        List<String> lines = List.of(
                "{\"type\":\"session\",\"version\":3,\"id\":\"s1\",\"timestamp\":\"2026-11-02T10:00:00.000Z\",\"cwd\":\"/home/dev/shop\"}",
                "{\"type\":\"message\",\"id\":\"u1\",\"timestamp\":\"2026-11-02T10:00:00.500Z\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}",
                anthropic,
                anthropic,
                assistant("a2", "2026-11-02T10:00:02.000Z", "openai-codex", "gpt-5.1-codex",
                        "{\"input\":10,\"output\":40,\"cacheRead\":5,\"cacheWrite\":0,\"totalTokens\":55,\"reasoning\":30}"),
                assistant("a3", "2026-11-02T10:00:03.000Z", "openai", "gpt-5", "{\"totalTokens\":333}"),
                assistant("a4", "2026-11-02T10:00:04.000Z", "google", "gemini-2.5-pro",
                        "{\"input\":10,\"output\":5,\"cacheRead\":0,\"cacheWrite\":0,\"totalTokens\":40}"),
                assistant("a5", "2026-11-02T10:00:05.000Z", "anthropic", "claude-sonnet-4-5",
                        "{\"input\":0,\"output\":0,\"cacheRead\":0,\"cacheWrite\":0,\"totalTokens\":0}"),
                "{\"type\":\"custom_message\",\"id\":\"c1\",\"timestamp\":\"2026-11-02T10:00:06.000Z\",\"message\":{\"role\":\"assistant\",\"usage\":{\"input\":9}}}",
                "{\"type\":\"message\",\"id\":\"a6\",\"timestamp\":\"2026-11-02T10:00:0",
                assistant("a7", "not a time", "openai", "gpt-5", "{\"input\":1,\"output\":1}"));
        Files.writeString(project.resolve("2026-11-02T10-00-00-000Z_s1.jsonl"), String.join("\n", lines) + "\n");
        Cli.Result result = cli.ok("ingest", "pi", "--root", dir.resolve("sessions").toString());
        assertTrue(result.out().contains("4 new call(s)"), result.out());
        assertEquals(List.of(
                "2026-11-02T10:00:01.000Z anthropic claude-sonnet-4-5 100 50 200 1000 0 s1",
                "2026-11-02T10:00:02.000Z openai gpt-5.1-codex 10 40 0 5 30 s1",
                "2026-11-02T10:00:03.000Z openai gpt-5 0 333 0 0 0 s1",
                "2026-11-02T10:00:04.000Z google gemini-2.5-pro 10 30 0 0 0 s1"), AgentLogTesting.calls(cli),
                "repeated line once; a total above the parts is output; zero usage, custom_message, torn line and bad time left out");
        assertEquals(List.of("shop"), cli.strings("SELECT DISTINCT p.name FROM events e JOIN projects p ON p.id = e.project_id"));
        assertEquals(List.of("given 12300000"), cli.strings("SELECT cost_source || ' ' || cost_nanos FROM events WHERE model = 'claude-sonnet-4-5'"),
                "pi's own cost");
    }

    @Test
    void aForkedSessionsCopiedCallsCountOnceAndSubagentArtifactsAreNotRead() throws Exception {
        Path project = dir.resolve("sessions/--home-dev-shop--");
        Files.createDirectories(project.resolve("subagent-artifacts"));
        String call = assistant("a1", "2026-11-02T10:00:01.000Z", "openai", "gpt-5", "{\"input\":7,\"output\":3,\"totalTokens\":10}");
        Files.writeString(project.resolve("2026-11-02T10-00-00-000Z_p1.jsonl"), call + "\n");
        Files.writeString(project.resolve("2026-11-02T11-00-00-000Z_f1.jsonl"),
                "{\"type\":\"session\",\"version\":3,\"id\":\"f1\",\"timestamp\":\"2026-11-02T11:00:00.000Z\",\"cwd\":\"/x\","
                        + "\"parentSession\":\"" + project.resolve("2026-11-02T10-00-00-000Z_p1.jsonl") + "\"}\n" + call + "\n"
                        + assistant("b1", "2026-11-02T11:00:01.000Z", "openai", "gpt-5", "{\"input\":1,\"output\":1}") + "\n");
        Files.writeString(project.resolve("subagent-artifacts/run.jsonl"),
                assistant("z1", "2026-11-02T12:00:01.000Z", "openai", "gpt-5", "{\"input\":5000,\"output\":1}") + "\n");
        cli.ok("ingest", "pi", "--root", dir.resolve("sessions").toString());
        assertEquals(2, cli.rows());
        assertEquals(8, cli.count("SELECT sum(input_tokens) FROM events"));
    }

    @Test
    void aGeneratedTreeIngestsOnceAndAnAppendedCallIsTheOnlyNewOne() throws Exception {
        PiFixture fixture = new PiFixture(dir.resolve("pi"), 5);
        fixture.write();
        AgentLogTesting.assertIngestsOnce(cli, "pi", fixture.root(), fixture.days);
        fixture.append();
        assertTrue(cli.ok("ingest", "pi", "--root", fixture.root().toString()).out().contains("; 1 new call(s)"));
        AgentLogTesting.assertTotals(cli, fixture.days);
    }

    @Test
    void rootsComeFromPiAgentDirElseTheHome() {
        PiLog log = new PiLog();
        assertEquals(List.of(Path.of("/h/.pi/agent/sessions")), log.defaultRoots(Map.of("HOME", "/h")::get));
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), log.defaultRoots(Map.of("HOME", "/h", "PI_AGENT_DIR", "/a, /b")::get));
    }
}
