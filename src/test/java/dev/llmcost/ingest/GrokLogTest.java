package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.model.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrokLogTest {
    @TempDir
    Path dir;

    private static final String SESSION = "019f0000-5a3c-7b21-9d4e-000000a1b2c3";

    private Path sessionFile(boolean summary) throws Exception {
        Path session = dir.resolve("home/sessions/%2Fhome%2Fdev%2Fweb-shop").resolve(SESSION);
        Files.createDirectories(session);
        if (summary) {
            Files.writeString(session.resolve("summary.json"), "{\"info\":{\"id\":\"" + SESSION + "\",\"cwd\":\"/home/dev/api\"},"
                    + "\"current_model_id\":\"grok-4.5\"}");
        }
        return session.resolve("updates.jsonl");
    }

    private static List<AgentCall> parse(Path file, String line) throws UnreadableLine {
        List<AgentCall> calls = new ArrayList<>();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        new GrokLog().open(file).line(bytes, 0, bytes.length, 0, calls::add);
        return calls;
    }

    private static String turn(String meta, String usage) {
        return "{\"timestamp\":1794132000,\"method\":\"_x.ai/session/update\",\"params\":{\"_meta\":{" + meta + "},"
                + "\"sessionId\":\"" + SESSION + "\",\"update\":{\"prompt_id\":\"p1\",\"sessionUpdate\":\"turn_completed\","
                + "\"stop_reason\":\"end_turn\",\"usage\":{" + usage + "}}}}";
    }

    private static String counts(long input, long cached, long created, long output, long reasoning, long ticks) {
        return "\"inputTokens\":" + input + ",\"cachedReadTokens\":" + cached + ",\"cacheCreationTokens\":" + created
                + ",\"outputTokens\":" + output + ",\"reasoningTokens\":" + reasoning + ",\"totalTokens\":" + (input + output)
                + ",\"costUsdTicks\":" + ticks;
    }

    @Test
    void inputIncludesBothCachesAndOutputIncludesReasoning() throws Exception {
        Path file = sessionFile(true);
        String usage = counts(10_000, 6_000, 1_000, 900, 300, 28_427_480_000L);
        List<AgentCall> calls = parse(file, turn("\"eventId\":\"ev-1\",\"agentTimestampMs\":1794132001234",
                usage + ",\"modelUsage\":{\"grok-4.5-build\":{" + usage + "}}"));
        assertEquals(1, calls.size());
        AgentCall call = calls.get(0);
        assertEquals(new Tokens(3_000, 900, 1_000, 6_000, 300), call.tokens());
        assertEquals("grok:ev-1:grok-4.5-build", call.key());
        assertEquals(Instant.ofEpochMilli(1794132001234L), call.at(), "agentTimestampMs wins over timestamp");
        assertEquals("grok-4.5-build", call.model());
        assertEquals("x-ai", call.provider());
        assertEquals(SESSION, call.session());
        assertEquals("api", call.project(), "the summary's cwd");
        assertEquals(0, new BigDecimal("2.842748").compareTo(call.costUsd()), "10^10 ticks a dollar");
    }

    @Test
    void oneCallPerModelOfTheTurn() throws Exception {
        Path file = sessionFile(true);
        List<AgentCall> calls = parse(file, turn("\"eventId\":\"ev-2\"", counts(1_500, 500, 0, 300, 0, 0)
                + ",\"modelUsage\":{\"grok-4.5-build\":{" + counts(1_000, 500, 0, 200, 50, 0) + "},"
                + "\"grok-code-fast-1\":{" + counts(500, 0, 100, 100, 0, 0) + "}}"));
        assertEquals(2, calls.size());
        assertEquals(new Tokens(500, 200, 0, 500, 50), calls.get(0).tokens());
        assertEquals(new Tokens(400, 100, 100, 0, 0), calls.get(1).tokens());
        assertEquals("grok:ev-2:grok-code-fast-1", calls.get(1).key());
        assertEquals(Instant.ofEpochSecond(1794132000), calls.get(1).at(), "the line's timestamp, in seconds");
        assertNull(calls.get(1).costUsd(), "no ticks, no cost of the log's own");
    }

    @Test
    void cachedAboveInputIsClampedAndZeroTurnsAreNoCalls() throws Exception {
        Path file = sessionFile(true);
        assertEquals(new Tokens(0, 80, 0, 400, 0),
                parse(file, turn("\"eventId\":\"ev-3\"", counts(400, 900, 50, 80, 0, 0))).get(0).tokens());
        assertEquals(new Tokens(0, 80, 100, 600, 0),
                parse(file, turn("\"eventId\":\"ev-4\"", counts(700, 600, 200, 80, 0, 0))).get(0).tokens());
        assertEquals(new Tokens(10, 30, 0, 0, 30),
                parse(file, turn("\"eventId\":\"ev-5\"", counts(10, 0, 0, 30, 500, 0))).get(0).tokens(),
                "reasoning above output is clamped to it");
        assertEquals(List.of(), parse(file, turn("\"eventId\":\"ev-6\"", counts(0, 0, 0, 0, 0, 0))));
    }

    @Test
    void withoutModelUsageTheSummarysModelElseUnknown() throws Exception {
        assertEquals("grok-4.5", parse(sessionFile(true), turn("\"eventId\":\"ev-7\"", counts(100, 0, 0, 10, 0, 0)))
                .get(0).model());
        Files.delete(sessionFile(true).resolveSibling("summary.json"));
        AgentCall call = parse(sessionFile(false), turn("\"eventId\":\"ev-8\"", counts(100, 0, 0, 10, 0, 0)
                + ",\"modelUsage\":{}")).get(0);
        assertEquals("unknown", call.model());
        assertEquals("web-shop", call.project(), "the url-encoded directory's last part");
    }

    @Test
    void withoutEventIdTheKeyIsSessionTimeAndCounts() throws Exception {
        AgentCall call = parse(sessionFile(true), turn("", counts(100, 20, 0, 10, 0, 0))).get(0);
        assertEquals("grok:" + SESSION + ":1794132000000:grok-4.5:100:20:0:10:0", call.key());
    }

    @Test
    void otherUpdatesAreNoCallsAndBrokenTurnsAreUnreadable() throws Exception {
        Path file = sessionFile(true);
        assertEquals(List.of(), parse(file, "{\"timestamp\":1794132000,\"params\":{\"update\":{\"sessionUpdate\":"
                + "\"agent_message_chunk\",\"content\":{\"type\":\"text\",\"text\":\"turn_completed\"}}}}"));
        assertEquals(List.of(), parse(file, "{\"params\":{\"update\":{\"sessionUpdate\":\"turn_completed\",\"stop_reason\":\"cancelled\"}}}"));
        String whole = turn("", counts(1, 0, 0, 1, 0, 0));
        assertThrows(UnreadableLine.class, () -> parse(file, whole.substring(0, whole.indexOf("turn_completed") + 30)));
        assertThrows(UnreadableLine.class, () -> parse(file, turn("", counts(1, 0, 0, 1, 0, 0))
                .replace("\"timestamp\":1794132000,", "")));
        assertThrows(UnreadableLine.class, () -> parse(file, turn("", counts(1, 0, 0, 1, 0, 0))
                .replace("\"inputTokens\":1", "\"inputTokens\":\"1\"")));
    }

    @Test
    void defaultRootIsGrokHomeElseDotGrok() {
        GrokLog log = new GrokLog();
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", "/home/u"));
        assertEquals(List.of(Path.of("/home/u/.grok")), log.defaultRoots(env::get));
        env.put("GROK_HOME", " ");
        assertEquals(List.of(Path.of("/home/u/.grok")), log.defaultRoots(env::get), "a blank GROK_HOME is not set");
        env.put("GROK_HOME", "/a,/b");
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), log.defaultRoots(env::get));
    }

    @Test
    void fixtureEveryCallOnceThenOneAppendedCall() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-30T12:00:00Z"));
        GrokFixture fixture = new GrokFixture(dir.resolve("grok"), 5);
        Path appendTo = fixture.write();
        Cli.Result first = cli.ok("ingest", "grok", "--root", fixture.root().toString());
        assertTrue(first.out().contains(fixture.calls + " new call(s)"), first.out());
        assertTotals(cli, fixture);
        assertTrue(cli.ok("ingest", "grok", "--root", fixture.root().toString()).out().contains("; 0 new call(s)"));
        GrokFixture.Usage added = fixture.append(appendTo, Instant.parse("2026-11-28T10:00:00Z"));
        Cli.Result again = cli.ok("ingest", "grok", "--root", fixture.root().toString());
        assertTrue(again.out().contains("; 1 new call(s)"), again.out());
        assertTotals(cli, fixture);
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE occurred_at LIKE '2026-11-28%'"));
        assertTrue(added.input() + added.cached() > 0);
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE agent <> 'grok' OR provider <> 'x-ai'"));
    }

    private static void assertTotals(Cli cli, GrokFixture fixture) {
        JsonNode total = cli.ok("report", "--format", "json").json().path("total");
        assertEquals(fixture.calls, total.path("requests").asLong());
        assertEquals(fixture.input, total.path("input_tokens").asLong());
        assertEquals(fixture.output, total.path("output_tokens").asLong());
        assertEquals(fixture.cacheWrite, total.path("cache_write_tokens").asLong());
        assertEquals(fixture.cacheRead, total.path("cache_read_tokens").asLong());
        assertEquals(fixture.reasoning, total.path("reasoning_tokens").asLong());
    }
}
