package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * StatuslineJson against Jackson, the parser it stands in for: on thousands of mutations of real
 * statusLine JSON (ASCII, since Jackson refuses bad UTF-8 that a Java string would replace), both
 * read the same fields or both refuse.
 */
class StatuslineJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SAMPLE = "{\"hook_event_name\":\"Status\",\"session_id\":\"abc-123\","
            + "\"transcript_path\":\"/home/u/.claude/projects/-x/abc-123.jsonl\",\"cwd\":\"/x\","
            + "\"model\":{\"id\":\"claude-opus-4-1\",\"display_name\":\"Opus\"},"
            + "\"workspace\":{\"current_dir\":\"/x\",\"project_dir\":\"/x\"},\"version\":\"2.0.14\","
            + "\"output_style\":{\"name\":\"default\"},\"cost\":{\"total_cost_usd\":0.0123,\"total_lines_added\":156,"
            + "\"exceeds\":[true,false,null,-1.5e3]},\"note\":\"a \\\"quoted\\\" \\u00e9 \\n line\"}";
    private static final String ALPHABET = "{}[]:,\"\\ \t\n-+.0123456789eEtrufalsnbxu/aAz_";

    /** The fields as the status line read them with an ObjectMapper before StatuslineJson. */
    private static StatuslineInput jackson(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        return new StatuslineInput(text(node.path("model").path("display_name"),
                text(node.path("model").path("id"), null)), text(node.path("session_id"), null),
                text(node.path("transcript_path"), null));
    }

    private static String text(JsonNode node, String fallback) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : fallback;
    }

    private static StatuslineInput ours(String json) {
        try {
            return StatuslineJson.read(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    private static String mutate(String json, SplittableRandom random) {
        StringBuilder out = new StringBuilder(json);
        for (int edits = random.nextInt(1, 4); edits > 0 && !out.isEmpty(); edits--) {
            int at = random.nextInt(out.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(4)) {
                case 0 -> out.setCharAt(at, c);
                case 1 -> out.insert(at, c);
                case 2 -> out.deleteCharAt(at);
                default -> out.setLength(at);
            }
        }
        return out.toString();
    }

    @Test
    void readsWhatJacksonReadsAndRefusesWhatItRefuses() {
        SplittableRandom random = new SplittableRandom(2026);
        int read = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            String input = mutate(SAMPLE, random);
            StatuslineInput expected = jackson(input);
            assertEquals(expected, ours(input), input);
            if (expected == null) {
                refused++;
            } else {
                read++;
            }
        }
        assertTrue(read > 1_000 && refused > 1_000, "both outcomes exercised: " + read + " read, " + refused + " refused");
        assertEquals(jackson(SAMPLE), ours(SAMPLE));
        assertEquals(new StatuslineInput("Opus", "abc-123", "/home/u/.claude/projects/-x/abc-123.jsonl"), ours(SAMPLE));
    }
}
