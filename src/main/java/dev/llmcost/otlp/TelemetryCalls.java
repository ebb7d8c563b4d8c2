package dev.llmcost.otlp;

import dev.llmcost.capture.IncomingCall;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.ingest.GeminiCliSession;
import dev.llmcost.model.Origin;
import dev.llmcost.model.Tokens;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which telemetry records are API calls, and each one's call: Claude Code's {@code claude_code.api_request},
 * Codex's {@code codex.sse_event} of kind {@code response.completed}, Gemini CLI's {@code gemini_cli.api_response},
 * and any span with OpenTelemetry GenAI usage attributes. Agents are recognised by event name (Codex's service
 * name varies). Everything else is no call. Counts are read as numbers or strings of digits.
 *
 * <p>Keys: a span's trace and span id; a log record has no id, so its key is a hash of its name, times and own
 * attributes: an exporter's retry of the same batch sends the very same record and is stored once, while two
 * calls differ at least in their timestamps and counts.
 */
public final class TelemetryCalls {
    private static final HexFormat HEX = HexFormat.of();

    private TelemetryCalls() {
    }

    /** The call a record stands for, if it is one; {@code defaultUser} when the record names nobody. */
    public static Optional<IncomingCall> of(TelemetryRecord record, String defaultUser) {
        Map<String, Object> a = record.attributes();
        if (record.span()) {
            return genAiSpan(record, a, defaultUser);
        }
        String name = record.name() == null ? "" : record.name();
        String body = record.body() == null ? "" : record.body();
        if (name.equals("claude_code.api_request") || body.equals("claude_code.api_request")
                || name.equals("api_request") && text(a, "service.name", "").equals("claude-code")) {
            return Optional.of(claudeCode(record, a, defaultUser));
        }
        if (name.equals("codex.sse_event") && text(a, "event.kind", "").equals("response.completed")) {
            return Optional.of(codex(record, a, defaultUser));
        }
        if (name.equals("gemini_cli.api_response")) {
            return Optional.of(gemini(record, a, defaultUser));
        }
        return Optional.empty();
    }

    private static IncomingCall claudeCode(TelemetryRecord record, Map<String, Object> a, String defaultUser) {
        Tokens tokens = new Tokens(count(a, "input_tokens"), count(a, "output_tokens"),
                count(a, "cache_creation_tokens"), count(a, "cache_read_tokens"), 0);
        BigDecimal cost = decimal(a, "cost_usd");
        String user = text(a, "user.email", text(a, "user.account_uuid", defaultUser));
        return call(record, a, "anthropic", tokens, cost, "claude_code.api_request cost_usd",
                new Origin(user, text(a, "session.id", null), "claude-code", text(a, "prompt.id", null), null, null));
    }

    private static IncomingCall codex(TelemetryRecord record, Map<String, Object> a, String defaultUser) {
        long input = count(a, "input_token_count");
        long cached = Math.min(input, count(a, "cached_token_count"));
        long output = count(a, "output_token_count");
        long reasoning = Math.min(output, count(a, "reasoning_token_count"));
        Tokens tokens = new Tokens(input - cached, output, 0, cached, reasoning);
        String user = text(a, "user.email", text(a, "user.account_id", defaultUser));
        return call(record, a, "openai", tokens, null, null,
                new Origin(user, text(a, "conversation.id", null), "codex", null, null, null));
    }

    private static IncomingCall gemini(TelemetryRecord record, Map<String, Object> a, String defaultUser) {
        Long total = a.containsKey("total_token_count") ? count(a, "total_token_count") : null;
        Tokens tokens = GeminiCliSession.split(count(a, "input_token_count"), count(a, "output_token_count"),
                count(a, "cached_content_token_count"), count(a, "thoughts_token_count"), count(a, "tool_token_count"),
                total);
        String user = text(a, "user.email", defaultUser);
        return call(record, a, "google", tokens, null, null,
                new Origin(user, text(a, "session.id", null), "gemini-cli", text(a, "prompt_id", null), null, null));
    }

    private static Optional<IncomingCall> genAiSpan(TelemetryRecord record, Map<String, Object> a, String defaultUser) {
        boolean current = a.containsKey("gen_ai.usage.input_tokens") || a.containsKey("gen_ai.usage.output_tokens");
        boolean deprecated = a.containsKey("gen_ai.usage.prompt_tokens") || a.containsKey("gen_ai.usage.completion_tokens");
        if (!current && !deprecated) {
            return Optional.empty();
        }
        long input = current ? count(a, "gen_ai.usage.input_tokens") : count(a, "gen_ai.usage.prompt_tokens");
        long output = current ? count(a, "gen_ai.usage.output_tokens") : count(a, "gen_ai.usage.completion_tokens");
        // input includes cached input, read and written (semantic conventions); llmcost keeps them apart
        long read = Math.min(input, count(a, "gen_ai.usage.cache_read.input_tokens"));
        long written = Math.min(input - read, count(a, "gen_ai.usage.cache_creation.input_tokens"));
        long reasoning = Math.min(output, count(a, "gen_ai.usage.reasoning.output_tokens"));
        Tokens tokens = new Tokens(input - read - written, output, written, read, reasoning);
        String provider = provider(text(a, "gen_ai.provider.name", text(a, "gen_ai.system", null)));
        String agent = text(a, "service.name", null);
        Origin origin = new Origin(text(a, "user.email", text(a, "enduser.id", defaultUser)),
                text(a, "gen_ai.conversation.id", null), agent, null, null, null);
        String model = text(a, "gen_ai.response.model", text(a, "gen_ai.request.model", null));
        return Optional.of(new IncomingCall(instant(record, a), project(a), provider, model, tokens, null, null, origin,
                spanMillis(record), "otlp:span:" + record.spanId(), Map.of()));
    }

    private static IncomingCall call(TelemetryRecord record, Map<String, Object> a, String provider, Tokens tokens,
                                     BigDecimal cost, String costBy, Origin origin) {
        Long duration = a.containsKey("duration_ms") ? Math.round(decimalOrZero(a, "duration_ms")) : null;
        return new IncomingCall(instant(record, a), project(a), provider, text(a, "model", null), tokens, cost,
                cost == null ? null : costBy, origin, duration, "otlp:" + hash(record), Map.of());
    }

    /** OpenTelemetry's names for providers, as the price table names them. */
    private static String provider(String system) {
        if (system == null) {
            return null;
        }
        return switch (system.toLowerCase(Locale.ROOT)) {
            case "gcp.gemini", "gcp.vertex_ai", "gcp.gen_ai", "gemini", "vertex_ai" -> "google";
            case "aws.bedrock" -> "aws";
            case "az.ai.openai", "azure.ai.openai" -> "azure";
            case "x_ai", "xai" -> "x-ai";
            default -> system.toLowerCase(Locale.ROOT);
        };
    }

    /** The project: a {@code llmcost.project} attribute (e.g. from OTEL_RESOURCE_ATTRIBUTES), else "default". */
    private static String project(Map<String, Object> a) {
        return text(a, "llmcost.project", "default");
    }

    private static Instant instant(TelemetryRecord record, Map<String, Object> a) {
        Object stamp = a.get("event.timestamp");
        if (stamp instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // fall back to the record's own time
            }
        }
        long nanos = record.timeUnixNano() != 0 ? record.timeUnixNano() : record.observedUnixNano();
        if (nanos <= 0) {
            throw new IllegalArgumentException("the record has no time");
        }
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    private static Long spanMillis(TelemetryRecord record) {
        long start = record.observedUnixNano();
        long end = record.timeUnixNano();
        return start > 0 && end >= start ? (end - start) / 1_000_000 : null;
    }

    private static String text(Map<String, Object> a, String name, String otherwise) {
        Object value = a.get(name);
        return value instanceof String text && !text.isBlank() ? text : otherwise;
    }

    /** A token count sent as an integer, a whole double or a string of digits; absent is 0. */
    static long count(Map<String, Object> a, String name) {
        Object value = a.get(name);
        if (value == null) {
            return 0;
        }
        if (value instanceof Long number && number >= 0 && number <= Long.MAX_VALUE / 8) {
            return number;
        }
        if (value instanceof Double number && number >= 0 && number == Math.rint(number) && number < 1e15) {
            return number.longValue();
        }
        if (value instanceof String text && text.trim().matches("\\d{1,17}")) {
            return Long.parseLong(text.trim());
        }
        throw TokenCount.refused(name, String.valueOf(value));
    }

    private static BigDecimal decimal(Map<String, Object> a, String name) {
        Object value = a.get(name);
        try {
            BigDecimal cost = value instanceof Double number ? BigDecimal.valueOf(number)
                    : value instanceof Long number ? BigDecimal.valueOf(number)
                    : value instanceof String text ? new BigDecimal(text.trim()) : null;
            return cost == null || cost.signum() < 0 ? null : cost;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double decimalOrZero(Map<String, Object> a, String name) {
        BigDecimal value = decimal(a, name);
        return value == null ? 0 : value.doubleValue();
    }

    private static String hash(TelemetryRecord record) {
        StringBuilder canonical = new StringBuilder(record.name()).append('\n').append(record.body()).append('\n')
                .append(record.timeUnixNano()).append('\n').append(record.observedUnixNano());
        new TreeMap<>(record.attributes()).forEach((k, v) -> canonical.append('\n').append(k).append('=')
                .append(v.getClass().getSimpleName()).append(':').append(v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
