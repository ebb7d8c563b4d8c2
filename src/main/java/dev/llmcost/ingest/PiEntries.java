package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;
import dev.llmcost.pricing.Providers;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The session entries of pi-agent ({@code @mariozechner/pi-coding-agent}), which OpenClaw writes too (it runs on
 * pi's agent core): one JSON object a line, {@code {"type":"session","id","cwd",…}} first, then entries with an
 * {@code id}, {@code parentId} and ISO {@code timestamp}; an assistant turn is {@code {"type":"message",
 * "message":{"role":"assistant","provider","model","usage":{…},"timestamp":MILLIS}}}. pi-ai's {@code usage}
 * is already llmcost's split: {@code input} without cache, {@code cacheRead}, {@code cacheWrite}, {@code output}
 * with any reasoning (some versions say how much in {@code reasoning}), {@code totalTokens} their sum,
 * {@code cost.total} pi's own price in USD.
 */
final class PiEntries {
    /** Made on first use: an unchanged re-ingest needs no JSON. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    private static final Map<String, String> PROVIDERS = Map.of(
            "openai-codex", "openai",
            "azure-openai-responses", "azure",
            "google-gemini-cli", "google",
            "google-antigravity", "google",
            "google-vertex", "google",
            "xai", "x-ai",
            "amazon-bedrock", "aws",
            "kimi-coding", "moonshotai",
            "moonshot", "moonshotai");

    private PiEntries() {
    }

    static JsonNode read(byte[] buf, int off, int len) throws UnreadableLine {
        try {
            JsonNode entry = Json.MAPPER.readTree(buf, off, len);
            return entry != null && entry.isObject() ? entry : null;
        } catch (IOException | NumberFormatException e) {
            throw new UnreadableLine("not valid JSON");
        }
    }

    /**
     * The tokens of a {@code usage} object, or null when they are all zero. A {@code totalTokens} above the parts
     * (a provider whose reasoning pi did not fold into {@code output}, or a usage with only the total) is output,
     * as ccusage counts it.
     */
    static Tokens tokens(JsonNode usage) throws UnreadableLine {
        try {
            long input = count(usage, "input");
            long output = count(usage, "output");
            long cacheRead = count(usage, "cacheRead");
            long cacheWrite = count(usage, "cacheWrite");
            long total = count(usage, "totalTokens");
            long beside = input + cacheRead + cacheWrite;
            long counted = Math.max(output, total - beside);
            Tokens tokens = new Tokens(input, counted, cacheWrite, cacheRead, Math.min(count(usage, "reasoning"), counted));
            return tokens.total() == 0 ? null : tokens;
        } catch (IllegalArgumentException e) {
            throw new UnreadableLine(e.getMessage());
        }
    }

    /** pi's own price of the call ({@code usage.cost.total}) when positive, else null (priced from the table). */
    static BigDecimal cost(JsonNode usage) {
        JsonNode total = usage.path("cost").get("total");
        if (total == null || !total.isNumber()) {
            return null;
        }
        BigDecimal cost = total.decimalValue();
        return cost.signum() > 0 && cost.compareTo(BigDecimal.valueOf(1_000_000)) < 0 ? cost : null;
    }

    /** The pricing provider of pi's provider id (its own names for some), else the one the model's name implies. */
    static String provider(String provider, String model) {
        if (provider == null) {
            return Providers.infer(model);
        }
        String id = Providers.normalize(provider);
        return PROVIDERS.getOrDefault(id, id);
    }

    /** The last part of a working directory, or null. */
    static String project(String cwd) {
        if (cwd == null) {
            return null;
        }
        String trimmed = cwd.replaceAll("[/\\\\]+$", "");
        String name = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        return name.isEmpty() ? null : name;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }

    private static long count(JsonNode usage, String field) {
        return TokenCount.readAddable(usage.get(field), "usage." + field);
    }
}
