package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming Claude Code parser against the full-tree parser it replaced (kept here as the reference):
 * on every fixture line and thousands of damaged copies (cut, fields dropped, values changed) both find the
 * same calls. (They may differ on which broken lines count as unreadable: lines without "usage" are no
 * longer parsed at all; and a string field holding a non-string, e.g. {@code "requestId": []}, now counts as absent
 * where the tree parser read it as "" or "5": the reference below does the same, via {@code text}.)
 */
class ClaudeCodeParserEquivalenceTest {
    @TempDir
    Path dir;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The parser as it was before the streaming one: a full Jackson tree per line. */
    private static AgentCall reference(byte[] line, String fallbackKey, String fallbackProject) {
        JsonNode entry;
        try {
            entry = MAPPER.readTree(line);
        } catch (Exception e) {
            return null;
        }
        if (entry == null || !entry.isObject() || !"assistant".equals(text(entry.path("type")))) {
            return null;
        }
        JsonNode message = entry.path("message");
        JsonNode usage = message.path("usage");
        String model = text(message.path("model"));
        if (!usage.isObject() || model == null || model.isEmpty() || model.startsWith("<")) {
            return null;
        }
        Instant at;
        Tokens tokens;
        try {
            at = Instant.parse(String.valueOf(text(entry.path("timestamp"))));
            tokens = new Tokens(count(usage, "input_tokens"), count(usage, "output_tokens"),
                    count(usage, "cache_creation_input_tokens"), count(usage, "cache_read_input_tokens"), 0);
        } catch (RuntimeException e) {
            return null;
        }
        String messageId = text(message.path("id"));
        String requestId = text(entry.path("requestId"));
        String uuid = text(entry.path("uuid"));
        String key = messageId != null && requestId != null ? messageId + ":" + requestId
                : uuid != null ? "uuid:" + uuid : fallbackKey;
        JsonNode cost = entry.get("costUSD");
        BigDecimal costUsd = cost != null && cost.isNumber() && cost.decimalValue().signum() >= 0 ? cost.decimalValue() : null;
        String cwd = text(entry.path("cwd"));
        String project = cwd == null || cwd.isBlank() ? fallbackProject : Path.of(cwd).getFileName().toString();
        return new AgentCall("claude-code:" + key, at, "anthropic", model, tokens, costUsd, text(entry.path("sessionId")),
                project, entry.path("isSidechain").isBoolean() && entry.path("isSidechain").asBoolean() ? Map.of("subagent", "true") : Map.of());
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static long count(JsonNode usage, String field) {
        JsonNode value = usage.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException(field);
        }
        return value.asLong();
    }

    private static AgentCall streaming(byte[] line) {
        List<AgentCall> calls = new ArrayList<>();
        try {
            ClaudeCodeLog.parse(line, 0, line.length, "f@0", "dir", calls::add);
        } catch (UnreadableLine e) {
            return null;
        }
        assertTrue(calls.size() <= 1);
        return calls.isEmpty() ? null : calls.get(0);
    }

    @Test
    void findsTheSameCallsAsTheTreeParserOnFixtureLinesAndDamagedCopies() throws Exception {
        ClaudeCodeFixture fixture = new ClaudeCodeFixture(dir.resolve("claude"));
        fixture.write();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(fixture.root())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        lines.add("{\"type\":\"assistant\",\"costUSD\":0.25,\"isSidechain\":true,\"timestamp\":\"2026-11-20T10:00:00Z\","
                + "\"message\":{\"model\":\"claude-sonnet-4\",\"usage\":{\"input_tokens\":3,\"output_tokens\":null}},\"uuid\":\"u1\"}");
        lines.add("{\"message\":{\"id\":\"m\",\"model\":\"claude-opus-4\",\"usage\":{\"output_tokens\":9}},\"type\":\"assistant\","
                + "\"requestId\":\"r\",\"timestamp\":\"2026-11-20T10:00:00.5Z\",\"cwd\":\"/srv/x/\"}");
        lines.add("{\"message\":[{\"usage\":{}}],\"isSidechain\":{\"a\":[1]},\"costUSD\":[2],\"type\":\"assistant\"}");
        lines.add("{\"message\":[1],\"type\":\"assistant\",\"message\":{\"model\":\"claude-haiku-4-5\",\"usage\":{}},"
                + "\"timestamp\":\"2026-11-21T00:00:00Z\",\"costUSD\":{\"x\":1},\"isSidechain\":[true]}");
        Random random = new Random(5);
        String[] replacements = {"null", "-1", "1.5", "\"x\"", "[]", "{}", "true", "99999999999999999999"};
        int compared = 0;
        int calls = 0;
        for (String line : lines) {
            List<String> variants = new ArrayList<>(List.of(line));
            for (int i = 0; i < 40; i++) {
                int at = random.nextInt(line.length());
                switch (i % 4) {
                    case 0 -> variants.add(line.substring(0, at));
                    case 1 -> {
                        int colon = line.indexOf(':', at);
                        int end = colon < 0 ? -1 : line.indexOf(',', colon);
                        if (end > 0) {
                            variants.add(line.substring(0, colon + 1) + replacements[random.nextInt(replacements.length)]
                                    + line.substring(end));
                        }
                    }
                    case 2 -> {
                        int quote = line.indexOf("\",\"", at);
                        int next = quote < 0 ? -1 : line.indexOf(",\"", quote + 3);
                        if (next > 0) {
                            variants.add(line.substring(0, quote + 1) + line.substring(next));
                        }
                    }
                    default -> variants.add(line.replace("\"assistant\"", "\"user\""));
                }
            }
            for (String variant : variants) {
                byte[] bytes = variant.getBytes(StandardCharsets.UTF_8);
                AgentCall expected = reference(bytes, "f@0", "dir");
                assertEquals(expected, streaming(bytes), variant);
                compared++;
                calls += expected == null ? 0 : 1;
            }
        }
        assertTrue(compared > 3_000 && calls > 500, compared + " lines, " + calls + " calls");
    }
}
