package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads one line of a Claude Code session transcript ({@code ~/.claude/projects/DIR/SESSION.jsonl}).
 * Assistant entries carry {@code message.model}, {@code message.usage}, {@code message.id},
 * {@code requestId}, {@code sessionId}, {@code cwd} and {@code timestamp}. The same message is
 * written on several lines while streaming and again when a session resumes, so a call's key is
 * {@code message.id:requestId} (as ccusage dedupes); lines lacking either fall back to their uuid.
 */
public final class ClaudeCodeTranscript {
    /** One API call found in a transcript; costUsd is set only when the line carries {@code costUSD}. */
    public record Call(String key, Instant at, String model, Tokens tokens, String session, String cwd,
                       BigDecimal costUsd, boolean sidechain) {
    }

    /** A line that is not valid JSON or has broken usage fields. */
    public static final class UnreadableLine extends Exception {
        public UnreadableLine(String message) {
            super(message);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ClaudeCodeTranscript() {
    }

    /** The call on this line, or empty for lines that are not priced API calls (user turns, summaries …). */
    public static Optional<Call> parse(byte[] line, int length, String fallbackKey) throws UnreadableLine {
        JsonNode entry;
        try {
            entry = MAPPER.readTree(line, 0, length);
        } catch (IOException | NumberFormatException e) {
            throw new UnreadableLine("not valid JSON");
        }
        if (entry == null || !entry.isObject() || !"assistant".equals(entry.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode message = entry.path("message");
        JsonNode usage = message.path("usage");
        String model = message.path("model").asText(null);
        if (!usage.isObject() || model == null || model.isEmpty() || model.startsWith("<")) {
            return Optional.empty(); // "<synthetic>" error turns carry no real usage
        }
        Instant at;
        try {
            at = Instant.parse(entry.path("timestamp").asText());
        } catch (DateTimeParseException e) {
            throw new UnreadableLine("no readable timestamp");
        }
        Tokens tokens;
        try {
            tokens = new Tokens(count(usage, "input_tokens"), count(usage, "output_tokens"),
                    count(usage, "cache_creation_input_tokens"), count(usage, "cache_read_input_tokens"), 0,
                    count(usage.path("cache_creation"), "ephemeral_1h_input_tokens"));
        } catch (IllegalArgumentException e) {
            throw new UnreadableLine(e.getMessage());
        }
        String messageId = message.path("id").asText(null);
        String requestId = entry.path("requestId").asText(null);
        String uuid = entry.path("uuid").asText(null);
        String key = messageId != null && requestId != null ? messageId + ":" + requestId
                : uuid != null ? "uuid:" + uuid : fallbackKey;
        JsonNode cost = entry.get("costUSD");
        BigDecimal costUsd = cost != null && cost.isNumber() && cost.decimalValue().signum() >= 0 ? cost.decimalValue() : null;
        return Optional.of(new Call("claude-code:" + key, at, model, tokens, entry.path("sessionId").asText(null),
                entry.path("cwd").asText(null), costUsd, entry.path("isSidechain").asBoolean(false)));
    }

    private static long count(JsonNode usage, String field) {
        return TokenCount.read(usage.get(field), field);
    }
}
