package dev.llmcost.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.capture.ProviderUsage;
import dev.llmcost.ingest.AgentLogs;
import dev.llmcost.ingest.ImportedRecord;
import dev.llmcost.ingest.UnreadableLine;
import dev.llmcost.ingest.UsageLog;
import dev.llmcost.model.LlmcostException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded mutation fuzzer for the JSON readers (record --json, import-json, ingest claude-code):
 * valid documents are cut, spliced, flipped and nested; every input must either parse or fail with
 * the documented usage error. Set -Dllmcost.fuzz.iterations for a longer run by hand.
 */
class JsonReadersFuzzTest {
    static final int ITERATIONS = Integer.getInteger("llmcost.fuzz.iterations", 3_000);
    static final long SEED = Long.getLong("llmcost.fuzz.seed", 42L);

    static final List<String> SEEDS = List.of(
            "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":30,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":100},\"completion_tokens_details\":{\"reasoning_tokens\":5}}}",
            "{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":3,"
                    + "\"output_tokens\":9,\"cache_creation_input_tokens\":10,\"cache_read_input_tokens\":20}}",
            "{\"responseId\":\"g\",\"modelVersion\":\"gemini-2.5-pro\",\"usageMetadata\":{\"promptTokenCount\":9,"
                    + "\"candidatesTokenCount\":3,\"thoughtsTokenCount\":2,\"cachedContentTokenCount\":1}}",
            "{\"users\":{\"1\":{\"records\":[{\"timestamp\":\"2025-06-08T14:44:32.090122\",\"model\":\"gpt-4o\","
                    + "\"request_type\":\"chat\",\"input_tokens\":5,\"output_tokens\":6,\"cost\":0.1,\"session_id\":null}],"
                    + "\"limits\":{\"daily\":1.0,\"monthly\":5.0}}}}",
            "[{\"id\":\"r1\",\"timestamp\":1762077600000,\"modelId\":\"gpt-4o-mini\",\"modelSlot\":\"fast\","
                    + "\"promptTokens\":1,\"completionTokens\":2,\"reasoningTokens\":1,\"totalTokens\":4,\"costUSD\":0.001}]",
            "{\"type\":\"assistant\",\"sessionId\":\"s\",\"cwd\":\"/p\",\"timestamp\":\"2026-11-20T10:00:00.000Z\","
                    + "\"requestId\":\"req\",\"message\":{\"id\":\"m\",\"model\":\"claude-sonnet-4-5\",\"usage\":"
                    + "{\"input_tokens\":1,\"output_tokens\":2,\"cache_creation_input_tokens\":3,\"cache_read_input_tokens\":4}}}");

    static final String[] SPLICES = {"{", "}", "[", "]", ",", ":", "\"", "-1", "1e309", "NaN", "null", "true",
            "\"\\u0000\"", "99999999999999999999999", "0.5", "\"x\"", "{\"usage\":{}}", "\n", "\\", "\u00ff", "[[[[[[[["};

    private static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> s.setLength(at);
                case 1 -> s.deleteCharAt(at);
                case 2 -> s.insert(at, SPLICES[random.nextInt(SPLICES.length)]);
                case 3 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 4 -> s.insert(at, "[".repeat(1 + random.nextInt(3000)));
                default -> s.replace(at, Math.min(s.length(), at + 1 + random.nextInt(8)), SPLICES[random.nextInt(SPLICES.length)]);
            }
        }
        return s.toString();
    }

    @Test
    void readersEitherParseOrRefuseWithAUsageError() {
        Random random = new Random(SEED);
        List<String> crashes = new ArrayList<>();
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String input = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            if (undocumentedFailures(input.getBytes(StandardCharsets.UTF_8), crashes)) {
                parsed++;
            }
        }
        if (!crashes.isEmpty()) {
            java.util.Set<String> kinds = new java.util.TreeSet<>();
            crashes.forEach(c -> kinds.add(c.substring(0, Math.min(90, c.length()))));
            fail(crashes.size() + " undocumented failures; kinds: " + String.join(" | ", kinds).substring(0, Math.min(1500, String.join(" | ", kinds).length())));
        }
        assertEquals(true, parsed > 0, "some mutations still parse, so the happy path is exercised too");
        System.out.println("fuzz: " + ITERATIONS + " inputs (seed " + SEED + "), " + parsed + " parsed by record --json, 0 crashes");
    }

    /**
     * Feeds {@code bytes} to the three readers; adds to {@code crashes} anything but a parse or the
     * documented usage error. True when {@code record --json} parsed it.
     */
    static boolean undocumentedFailures(byte[] bytes, List<String> crashes) {
        String input = new String(bytes, StandardCharsets.UTF_8);
        boolean parsed = false;
        try {
            ProviderUsage.read(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8), "fuzz");
            parsed = true;
        } catch (LlmcostException e) {
            if (e.exitCode() != LlmcostException.EXIT_USAGE) {
                crashes.add("record --json exit " + e.exitCode() + ": " + input);
            }
        } catch (RuntimeException e) {
            crashes.add("record --json " + e + ": " + input);
        }
        try {
            UsageLog.Shape shape = UsageLog.detect(new ByteArrayInputStream(bytes), "fuzz");
            UsageLog.read(new ByteArrayInputStream(bytes), shape, "fuzz", new UsageLog.Visitor() {
                @Override
                public void record(JsonNode record, String user, long position, String where) {
                    ImportedRecord.of(record, user, position, where, "p", ZoneOffset.UTC, Instant.parse("2026-11-24T00:00:00Z"));
                }

                @Override
                public void limits(String user, JsonNode limits, String where) {
                }
            });
        } catch (LlmcostException e) {
            if (e.exitCode() != LlmcostException.EXIT_USAGE) {
                crashes.add("import-json exit " + e.exitCode() + ": " + input);
            }
        } catch (Exception e) {
            crashes.add("import-json " + e + ": " + input);
        }
        for (dev.llmcost.ingest.AgentLog log : AgentLogs.ALL) {
            if (log.mode() != dev.llmcost.ingest.AgentLog.ReadMode.APPEND) {
                continue;
            }
            try {
                log.open(java.nio.file.Path.of("/fuzz/project/session.jsonl")).line(bytes, 0, bytes.length, 0, call -> { });
            } catch (UnreadableLine expected) {
                // counted and skipped by ingest
            } catch (RuntimeException e) {
                crashes.add("ingest " + log.name() + " " + e + ": " + input);
            }
        }
        return parsed;
    }
}
