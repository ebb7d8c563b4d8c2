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

class CodebuffLogTest {
    @TempDir
    Path dir;
    Cli cli;
    Path chat;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
        chat = Files.createDirectories(dir.resolve("manicode/projects/shop/chats/2026-11-07T10-20-30.000Z"))
                .resolve("chat-messages.json");
    }

    /** key input output cacheWrite cacheRead model occurred_at session project, per stored call. */
    private List<String> calls() {
        return cli.strings("SELECT e.event_key || ' ' || e.input_tokens || ' ' || e.output_tokens || ' ' || e.cache_write_tokens"
                + " || ' ' || e.cache_read_tokens || ' ' || e.model || ' ' || e.occurred_at || ' ' || e.session || ' ' || p.name"
                + " FROM events e JOIN projects p ON p.id = e.project_id ORDER BY e.event_key");
    }

    @Test
    void eachPlaceOfUsageAndTimeIsReadAsCcusageDoes() throws Exception {
        Files.writeString(chat, """
                [{"variant":"user","content":"hi","id":"u1","timestamp":"2026-11-07T10:20:31.000Z"},
                 {"variant":"ai","id":"a1","timestamp":"2026-11-07T10:21:00.000Z","credits":4,
                  "metadata":{"model":"gpt-5","usage":{"inputTokens":10,"outputTokens":0,"totalTokens":50},
                              "codebuff":{"usage":{"output_tokens":99,"cache_read_input_tokens":7}}}},
                 {"role":"assistant","id":"a2","createdAt":1794200000,
                  "metadata":{"runState":{"sessionState":{"mainAgentState":{"messageHistory":[
                    {"role":"assistant","providerOptions":{"usage":{"cacheCreationTokens":5,"promptTokens":1000}}},
                    {"role":"assistant","providerOptions":{"codebuff":{"model":"claude-sonnet-4-5-20250929",
                      "usage":{"promptTokens":20,"completionTokens":30}}}}]}}}}},
                 {"variant":"ai","metadata":{"model":"gpt-5","usage":{"prompt_tokens":100,"completion_tokens":10,
                  "total_tokens":150,"prompt_tokens_details":{"cached_tokens":30}}}},
                 {"variant":"ai","id":"a4","timestamp":"2026-11-07T11:00:00.000Z","credits":2,"metadata":{"model":"gpt-5"}},
                 {"variant":"user","id":"u2","metadata":{"model":"gpt-5","usage":{"inputTokens":5}}},
                 {"variant":"ai","id":"a1","timestamp":"2026-11-07T10:21:00.000Z","metadata":{"model":"gpt-5","usage":{"inputTokens":10}}}
                ]""");
        Cli.Result first = cli.ok("ingest", "codebuff", "--root", dir.resolve("manicode").toString());
        assertTrue(first.out().contains("3 new call(s)"), first.out());
        String session = " 2026-11-07T10-20-30.000Z shop";
        assertEquals(List.of(
                "codebuff:manicode/shop/2026-11-07T10-20-30.000Z:1794046830000:gpt-5:3:100:10:30:0:10 100 20 0 30 gpt-5 2026-11-07T10:20:30.000Z" + session,
                "codebuff:manicode/shop/2026-11-07T10-20-30.000Z:a1 10 40 0 7 gpt-5 2026-11-07T10:21:00.000Z" + session,
                "codebuff:manicode/shop/2026-11-07T10-20-30.000Z:a2 20 30 5 0 claude-sonnet-4-5-20250929 2026-11-09T04:53:20.000Z" + session),
                calls(), "a1: output 0 takes the total's surplus and the later place adds only what is missing; "
                        + "a2: newest history entry first; no id: ccusage's own key, at the chat's time; "
                        + "credits only, a user message and a repeated id: no call");
        assertTrue(cli.ok("ingest", "codebuff", "--root", dir.resolve("manicode").toString()).out().contains("0 new call(s)"));
    }
}
