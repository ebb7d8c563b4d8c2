package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads one OpenCode message: a file {@code storage/message/SESSION/MESSAGE.json} (OpenCode before its
 * SQLite store), or the {@code data} column of a row of {@code message} in {@code opencode.db}, whose
 * {@code id} and {@code session_id} columns then stand in for the JSON's {@code id} and {@code sessionID}.
 * Only finished assistant messages are calls (docs/AGENTS.md, "OpenCode"): OpenCode rewrites a message
 * after every step of it, its {@code tokens} being the latest step's and its {@code cost} the sum so far,
 * so a message is read once {@code time.completed} is set, when neither changes any more.
 */
public final class OpenCodeMessage {
    /**
     * One call; {@code costUsd} is OpenCode's own cost when positive (0 means OpenCode had no price, e.g. a
     * subscription), {@code project} the last part of the message's {@code path.root} (else {@code path.cwd}).
     */
    public record Call(String key, Instant at, String provider, String model, Tokens tokens, BigDecimal costUsd,
                       String session, String project) {
    }

    /** A message that is not JSON or has broken usage fields. */
    public static final class UnreadableMessage extends Exception {
        public UnreadableMessage(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** 9999-12-31T23:59:59.999Z: later times would not sort as text in the database. */
    private static final long LAST_MILLIS = 253_402_300_799_999L;

    private OpenCodeMessage() {
    }

    public static Optional<Call> parse(byte[] json, String id, String session) throws UnreadableMessage {
        JsonNode message;
        try {
            message = MAPPER.readTree(json);
        } catch (IOException | NumberFormatException e) {
            throw new UnreadableMessage("not valid JSON");
        }
        return parse(message, id, session);
    }

    static Optional<Call> parse(JsonNode message, String id, String session) throws UnreadableMessage {
        if (message == null || !message.isObject() || !message.path("tokens").isObject()) {
            return Optional.empty(); // user messages carry no tokens
        }
        if (message.has("role") && !"assistant".equals(message.path("role").asText())) {
            return Optional.empty();
        }
        JsonNode time = message.path("time");
        if (!time.path("completed").isNumber()) {
            return Optional.empty(); // still being written: its tokens and cost may change
        }
        String model = text(message, "modelID");
        String provider = text(message, "providerID");
        if (model == null || provider == null) {
            return Optional.empty();
        }
        Tokens tokens;
        try {
            tokens = tokens(message.get("tokens"));
        } catch (IllegalArgumentException e) {
            throw new UnreadableMessage(e.getMessage());
        }
        if (tokens.total() == 0) {
            return Optional.empty();
        }
        JsonNode created = time.path("created");
        if (!created.isIntegralNumber() || !created.canConvertToLong() || created.asLong() <= 0
                || created.asLong() > LAST_MILLIS) {
            throw new UnreadableMessage("time.created is not a time in milliseconds");
        }
        String messageId = id != null ? id : text(message, "id");
        String sessionId = session != null ? session : text(message, "sessionID");
        if (messageId == null) {
            throw new UnreadableMessage("the message has no id");
        }
        JsonNode cost = message.get("cost");
        BigDecimal costUsd = cost != null && cost.isNumber() && cost.decimalValue().signum() > 0
                && cost.decimalValue().compareTo(BigDecimal.valueOf(1_000_000)) < 0 ? cost.decimalValue() : null;
        return Optional.of(new Call("opencode:" + messageId, Instant.ofEpochMilli(created.asLong()), provider,
                model, tokens, costUsd, sessionId, project(message.path("path"))));
    }

    /**
     * OpenCode's split is llmcost's for input and cache (input excludes both cache reads and writes). Output:
     * since OpenCode added {@code tokens.total}, {@code output} excludes {@code reasoning} and total =
     * input + output + reasoning + cache, so output = what {@code total} leaves beside input and cache. Before
     * that, OpenCode's own cost priced {@code reasoning} on top of {@code output}, and so does llmcost (as
     * ccusage 20 does): output = output + reasoning. Reasoning is shown apart within output, priced once.
     */
    static Tokens tokens(JsonNode tokens) {
        long input = count(tokens, "input");
        long output = count(tokens, "output");
        long reasoning = count(tokens, "reasoning");
        JsonNode cache = tokens.path("cache");
        long cacheRead = cache.isObject() ? count(cache, "read") : 0;
        long cacheWrite = cache.isObject() ? count(cache, "write") : 0;
        JsonNode total = tokens.get("total");
        long counted;
        if (total != null && !total.isNull()) {
            counted = Math.max(output, count(tokens, "total") - input - cacheRead - cacheWrite);
        } else {
            counted = Math.addExact(output, reasoning);
        }
        return new Tokens(input, counted, cacheWrite, cacheRead, Math.min(reasoning, counted));
    }

    private static String project(JsonNode path) {
        String dir = text(path, "root");
        if (dir == null || "/".equals(dir)) {
            dir = text(path, "cwd");
        }
        if (dir == null) {
            return null;
        }
        String trimmed = dir.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        String name = trimmed.substring(slash + 1);
        return name.isEmpty() ? null : name;
    }

    private static long count(JsonNode node, String field) {
        return TokenCount.readAddable(node.get(field), "tokens." + field);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        return value.asText().trim();
    }
}
