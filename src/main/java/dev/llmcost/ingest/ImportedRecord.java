package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.capture.IncomingCall;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Origin;
import dev.llmcost.model.Tokens;
import dev.llmcost.pricing.Providers;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of an old cost log, checked and mapped onto an {@link IncomingCall}. Field names of the
 * Telegram bot, generic logs and the browser extension's CostRecord are all understood; the
 * extension's {@code modelSlot} (fast/full) becomes the tag {@code slot}.
 */
public final class ImportedRecord {

    private static final BigDecimal MAX_COST = BigDecimal.valueOf(1_000_000_000);
    private static final java.util.regex.Pattern HAS_OFFSET = java.util.regex.Pattern.compile("(Z|[+-]\\d{2}:?\\d{2})$");

    private ImportedRecord() {
    }

    /** Maps {@code node}; {@code where} names it in error messages (file, line, record). */
    public static IncomingCall of(JsonNode node, String telegramUser, long position, String where,
                                    String defaultProject, ZoneId zone, Instant now) {
        if (!node.isObject()) {
            throw bad(where, "expected an object, got " + node.getNodeType().name().toLowerCase());
        }
        String model = text(node, where, "model", "modelId", "model_id");
        if (model == null) {
            throw bad(where, "no model");
        }
        Instant occurredAt = timestamp(node, where, zone, now);
        long input = count(node, where, "input_tokens", "prompt_tokens", "promptTokens");
        long output = count(node, where, "output_tokens", "completion_tokens", "completionTokens");
        long reasoning = count(node, where, "reasoning_tokens", "reasoningTokens");
        JsonNode total = node.get("totalTokens");
        if (reasoning > 0 && total != null && total.canConvertToLong()
                && total.asLong() == input + output + reasoning) {
            output += reasoning; // the extension counts reasoning apart from completion tokens
        }
        if (reasoning > output) {
            throw bad(where, "reasoning tokens (" + reasoning + ") exceed output tokens (" + output + ")");
        }
        Tokens tokens = new Tokens(input, output, count(node, where, "cache_write_tokens", "cache_creation_input_tokens"),
                count(node, where, "cache_read_tokens", "cache_read_input_tokens"), reasoning);
        BigDecimal cost = cost(node, where);
        String user = telegramUser != null ? telegramUser : text(node, where, "user", "user_id", "userId");
        String provider = text(node, where, "provider");
        provider = provider == null ? Providers.infer(model) : Providers.normalize(provider);
        String project = text(node, where, "project");
        Map<String, String> tags = new LinkedHashMap<>();
        String slot = text(node, where, "modelSlot");
        if (slot != null) {
            tags.put("slot", slot);
        }
        JsonNode tagNode = node.get("tags");
        if (tagNode != null && tagNode.isObject()) {
            tagNode.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode duration = first(node, "duration_ms", "durationMs");
        Long durationMs = duration == null || duration.isNull() ? null : count(node, where, "duration_ms", "durationMs");
        String id = text(node, where, "id");
        String key = "import:" + (id != null ? id : fingerprint(telegramUser, position, node));
        return new IncomingCall(occurredAt, project != null ? project : defaultProject, provider, model, tokens,
                cost, "import", new Origin(user, text(node, where, "session_id", "session", "sessionId"), text(node, where, "agent"),
                        text(node, where, "task"), text(node, where, "run"), text(node, where, "request_type", "requestType")),
                durationMs, key, tags);
    }

    /** A record without an id is known by its content and its place in the file. */
    private static String fingerprint(String user, long position, JsonNode node) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((user + "\u0000" + position + "\u0000" + node.toString()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant timestamp(JsonNode node, String where, ZoneId zone, Instant now) {
        JsonNode value = first(node, "timestamp", "time", "created_at", "occurred_at");
        if (value == null) {
            throw bad(where, "no timestamp");
        }
        Instant instant;
        try {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                long number = value.asLong();
                // the extension writes epoch milliseconds; plain epoch seconds are far smaller
                instant = number > 100_000_000_000L ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
            } else if (value.isTextual()) {
                String text = value.asText().trim();
                instant = HAS_OFFSET.matcher(text).find()
                        ? OffsetDateTime.parse(text).toInstant()
                        : LocalDateTime.parse(text).atZone(zone).toInstant();
            } else {
                throw bad(where, "timestamp must be an ISO-8601 string or epoch milliseconds, got " + value);
            }
        } catch (DateTimeException e) {
            throw bad(where, "cannot read timestamp " + value);
        }
        if (instant.isBefore(Instant.EPOCH)) {
            throw bad(where, "timestamp " + value + " is before 1970");
        }
        if (instant.isAfter(now.plusSeconds(86_400))) {
            throw bad(where, "timestamp " + value + " is in the future");
        }
        return instant;
    }

    private static BigDecimal cost(JsonNode node, String where) {
        JsonNode value = first(node, "cost", "cost_usd", "costUSD");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw bad(where, "cost must be a number, got " + value);
        }
        BigDecimal cost = value.decimalValue();
        if (cost.signum() < 0 || cost.compareTo(MAX_COST) > 0) {
            throw bad(where, "cost " + value + " is out of range");
        }
        return cost;
    }

    private static long count(JsonNode node, String where, String... names) {
        try {
            return TokenCount.read(first(node, names), firstName(node, names));
        } catch (IllegalArgumentException e) {
            throw bad(where, e.getMessage());
        }
    }

    private static String text(JsonNode node, String where, String... names) {
        JsonNode value = first(node, names);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw bad(where, firstName(node, names) + " must be a string, got " + value);
        }
        String text = value.asText();
        if (text.isBlank()) {
            return null;
        }
        boolean control = false;
        for (int i = 0; i < text.length() && !control; i++) {
            char c = text.charAt(i);
            control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
        }
        if (text.length() > 512 || control) {
            throw bad(where, firstName(node, names) + " is too long or holds control characters");
        }
        return text;
    }

    private static JsonNode first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String firstName(JsonNode node, String... names) {
        for (String name : names) {
            if (node.has(name)) {
                return name;
            }
        }
        return names[0];
    }

    private static LlmcostException bad(String where, String problem) {
        return LlmcostException.usage(where + ": " + problem);
    }
}
