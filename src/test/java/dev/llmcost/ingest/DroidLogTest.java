package dev.llmcost.ingest;

import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DroidLogTest {
    @TempDir
    Path dir;
    Cli cli;
    Path project;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
        project = Files.createDirectories(dir.resolve("sessions/-home-dev-api"));
    }

    private Cli.Result ingest() {
        return cli.ok("ingest", "droid", "--root", dir.resolve("sessions").toString());
    }

    private Path settings(String id, String json, String modified) throws Exception {
        Path file = project.resolve(id + ".settings.json");
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.from(modified == null ? Instant.now() : Instant.parse(modified)));
        return file;
    }

    /** key input output cacheWrite cacheRead reasoning provider model occurred_at project, per stored call. */
    private List<String> calls() {
        return cli.strings("SELECT e.event_key || ' ' || e.input_tokens || ' ' || e.output_tokens || ' ' || e.cache_write_tokens"
                + " || ' ' || e.cache_read_tokens || ' ' || e.reasoning_tokens || ' ' || e.provider || ' ' || e.model"
                + " || ' ' || e.occurred_at || ' ' || p.name FROM events e JOIN projects p ON p.id = e.project_id ORDER BY e.event_key");
    }

    @Test
    void aSessionIsOneCallWithThinkingAsOutput() throws Exception {
        settings("s-a", """
                {"model":"Claude-Sonnet-4.5-[Anthropic]","providerLock":"anthropic","providerLockTimestamp":"2026-11-01T01:02:03.000Z",
                 "tokenUsage":{"inputTokens":100,"outputTokens":50,"cacheCreationTokens":20,"cacheReadTokens":10,"thinkingTokens":5}}""",
                "2026-11-01T05:00:00Z");
        settings("s-b", """
                {"model":"custom:GPT-5-[OpenAI]-0","providerLock":"openai","tokenUsage":{"totalTokens":456}}""",
                "2026-11-02T07:00:00Z");
        settings("s-c", """
                {"providerLock":"generic-chat-completion-api","providerLockTimestamp":"2026-11-03T00:00:00.000Z",
                 "tokenUsage":{"inputTokens":1,"outputTokens":2,"thinkingTokens":3,"totalTokens":10}}""", "2026-11-03T05:00:00Z");
        Files.writeString(project.resolve("s-c.jsonl"), "{\"type\":\"message\",\"content\":\"Model: GLM 4.6 [Fireworks]\"}\n");
        settings("s-zero", "{\"model\":\"gpt-5\",\"tokenUsage\":{\"inputTokens\":0}}", "2026-11-03T05:00:00Z");
        settings("s-none", "{\"model\":\"gpt-5\"}", "2026-11-03T05:00:00Z");
        assertTrue(ingest().out().contains("3 new call(s)"));
        assertEquals(List.of(
                "droid:s-a 100 55 20 10 5 anthropic claude-sonnet-4.5 2026-11-01T01:02:03.000Z home-dev-api",
                "droid:s-b 0 456 0 0 0 openai gpt-5-0 2026-11-02T07:00:00.000Z home-dev-api",
                "droid:s-c 1 9 0 0 3 unknown glm-4.6 2026-11-03T00:00:00.000Z home-dev-api"), calls(),
                "thinking beside output; only a total: output, at the file's time; a surplus over the parts: output");
    }

    @Test
    void aRunningSessionIsTakenOnceQuietWithItsLastTotals() throws Exception {
        Path file = settings("s-live", """
                {"model":"gpt-5","providerLock":"openai","providerLockTimestamp":"2026-11-05T00:00:00.000Z",
                 "tokenUsage":{"inputTokens":10,"outputTokens":20}}""", null);
        Cli.Result running = ingest();
        assertTrue(running.out().contains("0 new call(s)"), running.out());
        assertFalse(running.out().contains("unreadable"), running.out());
        assertEquals(List.of(), calls());
        settings("s-live", """
                {"model":"gpt-5","providerLock":"openai","providerLockTimestamp":"2026-11-05T00:00:00.000Z",
                 "tokenUsage":{"inputTokens":30,"outputTokens":70}}""", "2026-11-05T03:00:00Z");
        assertTrue(ingest().out().contains("1 new call(s)"));
        assertEquals(List.of("droid:s-live 30 70 0 0 0 openai gpt-5 2026-11-05T00:00:00.000Z home-dev-api"), calls());
        assertTrue(ingest().out().contains("0 new call(s)"));
        assertTrue(Files.exists(file));
    }

    @Test
    void modelNamesLikeCcusageButDotsStay() {
        assertEquals("claude-opus-4.5-thinking-0", DroidLog.model("custom:Claude-Opus-4.5-Thinking-[Anthropic]-0"));
        assertEquals("claude-sonnet-4", DroidLog.model("Claude-Sonnet-4-[Anthropic]"));
        assertEquals("claude-opus-4.5-thinking", DroidLog.model("Claude Opus 4.5 Thinking [Anthropic]"));
    }
}
