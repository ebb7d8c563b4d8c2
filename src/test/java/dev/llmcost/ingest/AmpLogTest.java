package dev.llmcost.ingest;

import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmpLogTest {
    @TempDir
    Path dir;
    Cli cli;
    Path threads;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
        threads = Files.createDirectories(dir.resolve("amp/threads"));
    }

    private Cli.Result ingest() {
        return cli.ok("ingest", "amp", "--root", dir.resolve("amp").toString());
    }

    /** key input output cacheWrite cacheRead reasoning model session project, per stored call. */
    private List<String> calls() {
        return cli.strings("SELECT e.event_key || ' ' || e.input_tokens || ' ' || e.output_tokens || ' ' || e.cache_write_tokens"
                + " || ' ' || e.cache_read_tokens || ' ' || e.reasoning_tokens || ' ' || e.model || ' ' || e.session || ' ' || p.name"
                + " FROM events e JOIN projects p ON p.id = e.project_id ORDER BY e.event_key");
    }

    @Test
    void messagesUsageIsOneCallPerAssistantMessageWithUsage() throws Exception {
        Files.writeString(threads.resolve("T-a.json"), """
                {"id":"T-a","messages":[
                  {"role":"user","messageId":0,"content":"hi"},
                  {"role":"assistant","messageId":1,"usage":{"model":"claude-haiku-4-5-20251001","inputTokens":10,
                    "outputTokens":178,"cacheCreationInputTokens":986,"cacheReadInputTokens":11372,"totalInputTokens":12368,
                    "timestamp":"2026-11-19T11:42:10.652Z"}},
                  {"role":"assistant","messageId":2},
                  {"role":"assistant","messageId":3,"usage":{"model":"gpt-5","inputTokens":0,"outputTokens":0,
                    "timestamp":"2026-11-19T11:43:00.000Z"}},
                  {"role":"assistant","messageId":4,"usage":{"model":"gpt-5","totalTokens":345,"timestamp":"2026-11-19T11:44:00.000Z"}},
                  {"role":"assistant","messageId":5,"usage":{"model":"gpt-5","inputTokens":5,"outputTokens":40,"totalTokens":50,
                    "timestamp":"2026-11-19T11:45:00.000Z"}},
                  {"role":"assistant","messageId":6,"usage":{"model":"gpt-5","inputTokens":"7","outputTokens":4,
                    "timestamp":"2026-11-19T11:46:00.000Z"}}
                ]}""");
        Cli.Result first = ingest();
        assertTrue(first.out().contains("3 new call(s)"), first.out());
        assertEquals(List.of(
                "amp:T-a:m1 10 178 986 11372 0 claude-haiku-4-5-20251001 T-a amp",
                "amp:T-a:m4 0 345 0 0 0 gpt-5 T-a amp",
                "amp:T-a:m5 5 45 0 0 0 gpt-5 T-a amp"), calls(), "only a total: output; a total above the parts: the surplus is output");
        assertTrue(ingest().out().contains("0 new call(s)"));
    }

    @Test
    void theLedgerWinsAndTakesItsCacheFromTheMessageItNames() throws Exception {
        Files.writeString(threads.resolve("T-b.json"), """
                {"id":"T-b","usageLedger":{"events":[
                  {"id":"evt-1","timestamp":"2026-11-02T00:00:00.000Z","model":"claude-sonnet-4-5-20250929",
                   "tokens":{"input":12,"output":34},"toMessageId":1,"credits":2.5},
                  {"id":"evt-2","timestamp":"2026-11-02T00:01:00.000Z","model":"gpt-5","tokens":{"total":345}},
                  {"id":"evt-3","timestamp":"not a time","model":"gpt-5","tokens":{"input":1}}
                 ]},
                 "messages":[{"role":"assistant","messageId":1,"usage":{"model":"claude-sonnet-4-5-20250929","inputTokens":999,
                   "outputTokens":999,"cacheCreationInputTokens":56,"cacheReadInputTokens":78,"timestamp":"2026-11-02T00:00:00.000Z"}}]}""");
        ingest();
        assertEquals(List.of(
                "amp:T-b:evt-1 12 34 56 78 0 claude-sonnet-4-5-20250929 T-b amp",
                "amp:T-b:evt-2 0 345 0 0 0 gpt-5 T-b amp"), calls(), "the messages' own usage is the same calls again");
    }

    @Test
    void aThreadCaughtMidRewriteIsReadOnceComplete() throws Exception {
        String whole = """
                {"id":"T-c","messages":[{"role":"assistant","messageId":1,"usage":{"model":"gpt-5","inputTokens":3,
                 "outputTokens":4,"timestamp":"2026-11-03T00:00:00.000Z"}}]}""";
        Files.writeString(threads.resolve("T-c.json"), whole.substring(0, 60));
        Files.writeString(threads.resolve("T-noid.json"), "{\"messages\":[]}");
        assertTrue(ingest().out().contains("0 new call(s)"));
        Files.writeString(threads.resolve("T-c.json"), whole);
        assertTrue(ingest().out().contains("1 new call(s)"));
        assertEquals(List.of("amp:T-c:m1 3 4 0 0 0 gpt-5 T-c amp"), calls());
    }
}
