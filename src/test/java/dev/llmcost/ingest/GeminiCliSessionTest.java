package dev.llmcost.ingest;

import dev.llmcost.model.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeminiCliSessionTest {
    @TempDir
    Path dir;

    private static List<GeminiCliSession.Call> jsonl(String... lines) throws Exception {
        return GeminiCliSession.parse(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), true, "file-session");
    }

    @Test
    void splitsTokensAsCcusageDoesForTheSameMessage() throws Exception {
        // ccusage's own loader test: input 15327 with 11526 cached, 23 output, 919 thoughts, 7 tool, total 16276
        List<GeminiCliSession.Call> calls = jsonl(
                "{\"sessionId\":\"session-a\",\"projectHash\":\"project-a\",\"startTime\":\"2026-05-17T11:07:00.000Z\"}",
                "{\"id\":\"msg-a\",\"timestamp\":\"2026-05-17T11:07:32.000Z\",\"type\":\"gemini\",\"model\":\"gemini-3-flash-preview\","
                        + "\"tokens\":{\"input\":15327,\"output\":23,\"cached\":11526,\"thoughts\":919,\"tool\":7,\"total\":16276}}");
        assertEquals(1, calls.size());
        GeminiCliSession.Call call = calls.get(0);
        assertEquals(new Tokens(3808, 942, 0, 11526, 919), call.tokens()); // 15327 - 11526 + 7; 23 + 919
        assertEquals("gemini-cli:session-a:msg-a", call.key());
        assertEquals("session-a", call.session());
        assertEquals("gemini-3-flash-preview", call.model());
        assertEquals(16276, call.tokens().total());
    }

    @Test
    void cachedTokensCountedOnTopOfInputAreNotSubtracted() {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Tokens onTop = GeminiCliSession.tokens(mapper.createObjectNode().put("input", 100).put("cached", 50)
                .put("output", 10).put("total", 160));
        assertEquals(new Tokens(100, 10, 0, 50, 0), onTop);
        Tokens inside = GeminiCliSession.tokens(mapper.createObjectNode().put("input", 100).put("cached", 50)
                .put("output", 10).put("total", 110));
        assertEquals(new Tokens(50, 10, 0, 50, 0), inside);
        Tokens onlyTotal = GeminiCliSession.tokens(mapper.createObjectNode().put("total", 654));
        assertEquals(new Tokens(0, 654, 0, 0, 0), onlyTotal);
    }

    @Test
    void aMessageWrittenThreeTimesIsOneCallWithItsTokens() throws Exception {
        List<GeminiCliSession.Call> calls = jsonl(
                "{\"sessionId\":\"s1\",\"startTime\":\"2026-11-10T08:00:00.000Z\"}",
                "{\"id\":\"u1\",\"timestamp\":\"2026-11-10T08:00:01.000Z\",\"type\":\"user\",\"content\":[]}",
                "{\"id\":\"g1\",\"timestamp\":\"2026-11-10T08:00:02.000Z\",\"type\":\"gemini\",\"model\":\"gemini-2.5-pro\",\"content\":[]}",
                "{\"id\":\"g1\",\"timestamp\":\"2026-11-10T08:00:02.000Z\",\"type\":\"gemini\",\"model\":\"gemini-2.5-pro\","
                        + "\"tokens\":{\"input\":10,\"output\":5,\"cached\":0,\"thoughts\":0,\"tool\":0,\"total\":15}}",
                "{\"$set\":{\"lastUpdated\":\"2026-11-10T08:00:03.000Z\"}}",
                "{\"id\":\"g1\",\"timestamp\":\"2026-11-10T08:00:02.000Z\",\"type\":\"gemini\",\"model\":\"gemini-2.5-pro\","
                        + "\"tokens\":{\"input\":10,\"output\":5,\"cached\":0,\"thoughts\":0,\"tool\":0,\"total\":15},\"toolCalls\":[{\"id\":\"t\"}]}",
                "{\"$rewindTo\":\"g1\"}",
                "{\"id\":\"g2\",\"timestamp\":\"2026-11-10T08:00:04.000Z\",\"type\":\"gemini\",\"model\":\"gemini-2.5-pro\","
                        + "\"tokens\":{\"input\":0,\"output\":0,\"cached\":0,\"thoughts\":0,\"tool\":0,\"total\":0}}",
                "{\"id\":\"g3\",\"timestamp\":\"2026-11-10T08:00:05.000Z\",\"type\":\"gem");
        assertEquals(1, calls.size(), "a rewound call was still billed; a zero-usage and a torn message are not calls");
        assertEquals(new Tokens(10, 5, 0, 0, 0), calls.get(0).tokens());
        assertEquals("gemini-cli:s1:g1", calls.get(0).key());
    }

    @Test
    void brokenTokenFieldsAndFilesThatAreNoJsonAreRefused() {
        assertThrows(GeminiCliSession.UnreadableFile.class, () -> jsonl(
                "{\"id\":\"g1\",\"timestamp\":\"2026-11-10T08:00:02.000Z\",\"type\":\"gemini\",\"model\":\"m\",\"tokens\":{\"input\":-4}}"));
        assertThrows(GeminiCliSession.UnreadableFile.class, () -> GeminiCliSession.parse(
                "{\"messages\": [".getBytes(StandardCharsets.UTF_8), false, "x"));
        assertThrows(GeminiCliSession.UnreadableFile.class, () -> jsonl("garbage", "more garbage"));
    }

    @Test
    void aLegacySessionAndItsResumedCopyShareKeys() throws Exception {
        GeminiCliFixture fixture = new GeminiCliFixture(dir, 3);
        fixture.write();
        Map<String, long[]> byDay = new TreeMap<>();
        Map<String, GeminiCliSession.Call> byKey = new HashMap<>();
        long parsed = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.toString().contains("/chats/")
                    && (p.toString().endsWith(".json") || p.toString().endsWith(".jsonl"))).sorted().toList()) {
                for (GeminiCliSession.Call call : GeminiCliSession.parse(Files.readAllBytes(file),
                        file.toString().endsWith(".jsonl"), file.getFileName().toString())) {
                    parsed++;
                    if (byKey.putIfAbsent(call.key(), call) == null) {
                        long[] sums = byDay.computeIfAbsent(call.at().toString().substring(0, 10), d -> new long[5]);
                        sums[0]++;
                        sums[1] += call.tokens().input();
                        sums[2] += call.tokens().output();
                        sums[3] += call.tokens().cacheRead();
                        sums[4] += call.tokens().reasoning();
                    }
                }
            }
        }
        long copied = fixture.copiedByDay.values().stream().mapToLong(s -> s[0]).sum();
        assertTrue(copied >= 4, "the fixture resumes a legacy session");
        assertEquals(fixture.calls + copied, parsed, "each file alone holds its copy");
        assertEquals(fixture.byDay.keySet(), byDay.keySet());
        for (String day : byDay.keySet()) {
            assertArrayEquals(fixture.byDay.get(day), byDay.get(day), day);
        }
    }
}
