package dev.llmcost.ingest;

import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopilotLogTest {
    @TempDir
    Path dir;
    Cli cli;
    Path events;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
        events = Files.createDirectories(dir.resolve("copilot/session-state/sess-1")).resolve("events.jsonl");
    }

    private Cli.Result ingest() {
        return cli.ok("ingest", "copilot", "--root", dir.resolve("copilot").toString());
    }

    /** key input output cacheWrite cacheRead reasoning model session project, per stored call. */
    private List<String> calls() {
        return cli.strings("SELECT e.event_key || ' ' || e.input_tokens || ' ' || e.output_tokens || ' ' || e.cache_write_tokens"
                + " || ' ' || e.cache_read_tokens || ' ' || e.reasoning_tokens || ' ' || e.model || ' ' || e.session || ' ' || p.name"
                + " FROM events e JOIN projects p ON p.id = e.project_id ORDER BY e.event_key");
    }

    private void append(String... lines) throws Exception {
        Files.writeString(events, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void eachModelOfEachShutdownIsOneCallAndResumedStaysAddUp() throws Exception {
        append("{\"type\":\"session.start\",\"id\":\"e0\",\"timestamp\":\"2026-11-02T10:00:00.000Z\",\"data\":{}}",
                "{\"type\":\"assistant.message\",\"id\":\"e1\",\"timestamp\":\"2026-11-02T10:01:00.000Z\","
                        + "\"data\":{\"content\":\"{\\\"type\\\":\\\"session.shutdown\\\"}\"}}",
                "{\"type\":\"session.shutdown\",\"id\":\"e2\",\"timestamp\":\"2026-11-02T11:00:00.000Z\",\"data\":{\"modelMetrics\":{"
                        + "\"claude-sonnet-4.5\":{\"requests\":{\"count\":3,\"cost\":1},\"usage\":{\"inputTokens\":1000,\"outputTokens\":200,"
                        + "\"cacheReadTokens\":300,\"cacheWriteTokens\":100,\"reasoningTokens\":0}},"
                        + "\"gpt-5\":{\"requests\":{\"count\":1},\"usage\":{\"inputTokens\":5,\"outputTokens\":70,\"cacheReadTokens\":10,"
                        + "\"reasoningTokens\":90}},"
                        + "\"gpt-4.1\":{\"requests\":{\"count\":2},\"usage\":{\"inputTokens\":0,\"outputTokens\":0}}}}}");
        assertTrue(ingest().out().contains("2 new call(s)"));
        append("{\"type\":\"session.resume\",\"id\":\"e3\",\"timestamp\":\"2026-11-03T09:00:00.000Z\",\"data\":{}}",
                "{\"type\":\"session.shutdown\",\"id\":\"e4\",\"timestamp\":\"2026-11-03T10:00:00.000Z\",\"data\":{\"modelMetrics\":{"
                        + "\"claude-sonnet-4.5\":{\"usage\":{\"inputTokens\":50,\"outputTokens\":7,\"cacheReadTokens\":10}}}}}",
                "{\"type\":\"session.shutdown\",\"id\":\"e4\",\"timestamp\":\"2026-11-03T10:00:00.000Z\",\"data\":{\"modelMetrics\":{"
                        + "\"claude-sonnet-4.5\":{\"usage\":{\"inputTokens\":50,\"outputTokens\":7,\"cacheReadTokens\":10}}}}}",
                "{\"type\":\"session.shutdown\",\"id\":\"e5\",\"timestamp\":\"2026-11-06T10:00:00\",\"data\":{\"modelMetrics\":{"
                        + "\"gpt-5\":{\"usage\":{\"inputTokens\":100,\"outputTokens\":10}}}}}",
                "{\"type\":\"session.shutdown\",\"id\":\"e6\",\"timestamp\":\"2026-11-07T10:00:00.000Z\",\"data\":{\"modelMetrics\":{"
                        + "\"gpt-5\":{\"usage\":{\"inputTokens\":\"100\",\"outputTokens\":10}}}}}");
        Files.writeString(events, "{\"type\":\"session.shutdown\",\"id\":\"e7\",\"timesta", StandardOpenOption.APPEND);
        Cli.Result second = ingest();
        assertTrue(second.out().contains("1 new call(s)"), second.out());
        assertEquals(List.of(
                "copilot:sess-1:e2:claude-sonnet-4.5 600 200 100 300 0 claude-sonnet-4.5 sess-1 copilot",
                "copilot:sess-1:e2:gpt-5 0 70 0 10 70 gpt-5 sess-1 copilot",
                "copilot:sess-1:e4:claude-sonnet-4.5 40 7 0 10 0 claude-sonnet-4.5 sess-1 copilot"), calls(),
                "input less both cache figures; reasoning within output; a later stay whole, once; no time, a broken count,"
                        + " a torn line, usage all zero, the text in a message: no call");
        assertTrue(ingest().out().contains("0 new call(s)"));
    }
}
