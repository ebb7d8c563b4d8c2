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

class QwenLogTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
    }

    private static String record(String uuid, String type, String time, String model, String usage) {
        return "{\"uuid\":\"" + uuid + "\",\"parentUuid\":null,\"sessionId\":\"s1\",\"timestamp\":\"" + time + "\",\"type\":\""
                + type + "\",\"cwd\":\"/home/dev/shop\",\"version\":\"0.6.0\"" + (model == null ? "" : ",\"model\":\"" + model + "\"")
                + (usage == null ? "" : ",\"usageMetadata\":" + usage) + "}";
    }

    @Test
    void cachedTokensLeaveTheInputAndThoughtsCountOnceWhicheverApiCountedThem() throws Exception {
        Path chats = dir.resolve("projects/-home-dev-shop/chats");
        Files.createDirectories(chats.resolve("nested"));
        String openai = record("u2", "assistant", "2026-11-02T10:00:02.000Z", "qwen3-max",
                "{\"promptTokenCount\":1000,\"candidatesTokenCount\":300,\"thoughtsTokenCount\":200,\"cachedContentTokenCount\":600,\"totalTokenCount\":1300}");
        List<String> lines = List.of(
                record("u1", "user", "2026-11-02T10:00:00.000Z", null, null),
                openai,
                openai,
                record("u3", "assistant", "2026-11-02T10:00:03.000Z", "gemini-2.5-pro",
                        "{\"promptTokenCount\":1000,\"candidatesTokenCount\":100,\"thoughtsTokenCount\":30,\"cachedContentTokenCount\":600,\"totalTokenCount\":1130}"),
                record("u4", "assistant", "2026-11-02T10:00:04.000Z", "qwen3-coder-plus", "{\"totalTokenCount\":321}"),
                record("u5", "assistant", "2026-11-02T10:00:05.000Z", null, "{\"promptTokenCount\":10,\"candidatesTokenCount\":5}"),
                record("u6", "assistant", "2026-11-02T10:00:06.000Z", "qwen3-coder-plus", "{\"promptTokenCount\":0,\"totalTokenCount\":0}"),
                record("u7", "assistant", "2026-11-02T10:00:07.000Z", "qwen3-coder-plus", null),
                "{\"uuid\":\"u8\",\"type\":\"system\",\"subtype\":\"ui_telemetry\",\"sessionId\":\"s1\",\"timestamp\":\"2026-11-02T10:00:08.000Z\","
                        + "\"systemPayload\":{\"uiEvent\":{\"usageMetadata\":{\"promptTokenCount\":100}}}}",
                "{\"uuid\":\"u9\",\"type\":\"assistant\",\"usageMetadata\":{\"promptTokenCount\":");
        Files.writeString(chats.resolve("s1.jsonl"), String.join("\n", lines) + "\n");
        Files.writeString(chats.resolve("nested/x.jsonl"), openai.replace("u2", "n1") + "\n");
        Cli.Result result = cli.ok("ingest", "qwen", "--root", dir.toString());
        assertTrue(result.out().contains("4 new call(s)"), result.out());
        assertEquals(List.of(
                "2026-11-02T10:00:02.000Z qwen qwen3-max 400 300 0 600 200 s1",
                "2026-11-02T10:00:03.000Z google gemini-2.5-pro 400 130 0 600 30 s1",
                "2026-11-02T10:00:04.000Z qwen qwen3-coder-plus 0 321 0 0 0 s1",
                "2026-11-02T10:00:05.000Z unknown unknown 10 5 0 0 0 s1"), AgentLogTesting.calls(cli),
                "OpenAI-style candidates hold the thoughts, Gemini-style ones do not; the total alone is output");
        assertEquals(List.of("shop"), cli.strings("SELECT DISTINCT p.name FROM events e JOIN projects p ON p.id = e.project_id"));
    }

    @Test
    void aGeneratedTreeIngestsOnceAndAnAppendedCallIsTheOnlyNewOne() throws Exception {
        QwenFixture fixture = new QwenFixture(dir.resolve("qwen"), 5);
        fixture.write();
        AgentLogTesting.assertIngestsOnce(cli, "qwen", fixture.root(), fixture.days);
        fixture.append();
        assertTrue(cli.ok("ingest", "qwen", "--root", fixture.root().toString()).out().contains("; 1 new call(s)"));
        AgentLogTesting.assertTotals(cli, fixture.days);
    }

    @Test
    void rootsComeFromQwenDataDirElseTheHome() {
        QwenLog log = new QwenLog();
        assertEquals(List.of(Path.of("/h/.qwen")), log.defaultRoots(Map.of("HOME", "/h")::get));
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), log.defaultRoots(Map.of("HOME", "/h", "QWEN_DATA_DIR", "/a,/b")::get));
    }
}
