package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.ProviderUsage;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.LlmcostException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The three JSON readers word a bad token count the same way, through {@link TokenCount}. */
class TokenCountTest {
    private static final List<String> BAD = List.of("-1", "1.5", "\"12\"", "true", "9223372036854775808",
            "{}", "[]");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void absentAndNullAreZeroAndWholeNumbersPass() throws Exception {
        assertEquals(0, TokenCount.read(null, "x"));
        assertEquals(0, TokenCount.read(MAPPER.readTree("null"), "x"));
        assertEquals(0, TokenCount.read(MAPPER.readTree("0"), "x"));
        assertEquals(Long.MAX_VALUE, TokenCount.read(MAPPER.readTree("9223372036854775807"), "x"));
    }

    @Test
    void providerResponsesImportsAndTranscriptsShareOneWording() throws Exception {
        for (String bad : BAD) {
            String wording = "input_tokens must be a non-negative whole number, got " + MAPPER.readTree(bad);

            LlmcostException provider = assertThrows(LlmcostException.class, () -> ProviderUsage.read(new StringReader(
                    "{\"model\":\"m\",\"usage\":{\"input_tokens\":" + bad + "}}"), "resp.json"), bad);
            assertEquals(2, provider.exitCode());
            assertEquals("resp.json:1: usage." + wording, provider.getMessage(), bad);

            LlmcostException imported = assertThrows(LlmcostException.class, () -> ImportedRecord.of(
                    MAPPER.readTree("{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"input_tokens\":" + bad + "}"),
                    null, 0, "log.json:3", "p", ZoneOffset.UTC, Instant.parse("2026-11-24T00:00:00Z")), bad);
            assertEquals(2, imported.exitCode());
            assertEquals("log.json:3: " + wording, imported.getMessage(), bad);

            byte[] line = ("{\"type\":\"assistant\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"message\":{\"model\":\"claude-sonnet-4-5\","
                    + "\"usage\":{\"input_tokens\":" + bad + "}}}").getBytes(StandardCharsets.UTF_8);
            UnreadableLine transcript = assertThrows(UnreadableLine.class,
                    () -> ClaudeCodeLog.parse(line, 0, line.length, "f@0", "dir", call -> { }), bad);
            // the streaming parser does not hold the whole value of an object or array, only its first token
            String shown = bad.startsWith("{") || bad.startsWith("[") ? bad.substring(0, 1) : MAPPER.readTree(bad).toString();
            assertEquals("input_tokens must be a non-negative whole number, got " + shown, transcript.getMessage(), bad);
        }
    }
}
