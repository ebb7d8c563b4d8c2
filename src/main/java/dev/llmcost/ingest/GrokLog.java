package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Grok Build CLI's sessions: {@code $GROK_HOME/sessions/<url-encoded cwd>/<session id>/updates.jsonl} (any
 * {@code updates.jsonl} below {@code sessions/}, as ccusage finds them; not {@code archived_sessions/}),
 * {@code GROK_HOME} defaulting to {@code ~/.grok}. Beside it {@code summary.json} holds {@code info.id},
 * {@code info.cwd} and {@code current_model_id}. {@code updates.jsonl} is the ACP display log and only grows: one
 * {@code {"timestamp": <epoch seconds>, "method": "_x.ai/session/update", "params": {"_meta": {"eventId",
 * "agentTimestampMs"}, "sessionId", "update": {"sessionUpdate", …}}}} per line. Message, thought and tool chunks carry
 * no usage; a turn's usage comes once, in its {@code turn_completed} update's {@code usage}: {@code inputTokens}
 * (the whole prompt, OpenAI-style: cached reads and cache writes included), {@code cachedReadTokens},
 * {@code cacheCreationTokens}, {@code outputTokens} (reasoning included), {@code reasoningTokens},
 * {@code costUsdTicks} (10^10 ticks = 1 USD) and {@code modelUsage}, the same fields per model the turn used.
 * A killed turn never writes its {@code turn_completed}, so its usage is not in this log at all.
 * <p>
 * Read as ccusage 20.0.24 reads it: one call per {@code modelUsage} entry (else one for the turn, with
 * {@code summary.json}'s {@code current_model_id}, else model "unknown"); cache read = min(cached, input), cache
 * write = min(cacheCreation, input - cache read), input = the rest; time {@code _meta.agentTimestampMs}, else the
 * top-level {@code timestamp} in seconds; a turn whose counts are all zero is no call. Keys: {@code _meta.eventId}
 * (with the model), which ccusage dedupes on across every file (a turn repeated in another session counts once);
 * without one, the session directory, time and counts, as ccusage does. The log's cost is kept as the call's cost.
 */
public final class GrokLog implements AgentLog {
    public static final String NAME = "grok";
    static final String UNKNOWN_MODEL = "unknown";
    private static final BigDecimal TICKS_PER_USD = BigDecimal.TEN.pow(10);
    /** 9999-12-31T23:59:59.999Z: later times would not sort as text in the database. */
    private static final long LAST_MILLIS = 253_402_300_799_999L;
    private static final byte[] TURN_COMPLETED = Bytes.ascii("\"turn_completed\"");

    /** Made on first use: listing or stat-ing files needs no JSON. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Grok Build CLI";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Turns are read from DIR/sessions/**/updates.jsonl for each --root, else each directory in",
                "$GROK_HOME (comma-separated), else ~/.grok. Grok Build has no command hook used here: run this",
                "when you want fresh figures.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        List<Path> home = List.of(Path.of(env.apply("HOME"), ".grok"));
        String configured = env.apply("GROK_HOME");
        return configured != null && configured.isBlank() ? home : AgentLog.rootsFrom(env, "GROK_HOME", () -> home);
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        return AgentLog.walk(root.resolve("sessions"), "updates.jsonl"::equals);
    }

    @Override
    public ReadMode mode() {
        return ReadMode.APPEND;
    }

    @Override
    public FileParser open(Path file) {
        return new Updates(file);
    }

    /** One session's updates.jsonl, with what its summary.json and its directories say about it. */
    static final class Updates implements FileParser {
        private final String directorySession;
        private final String session;
        private final String project;
        private final String summaryModel;

        Updates(Path file) {
            Path dir = file.toAbsolutePath().getParent();
            directorySession = dir.getFileName() == null ? "" : dir.getFileName().toString();
            JsonNode summary = summary(dir.resolve("summary.json"));
            JsonNode info = summary.path("info");
            session = text(info, "id", directorySession);
            String cwd = text(info, "cwd", null);
            if (cwd == null && dir.getParent() != null && dir.getParent().getFileName() != null) {
                cwd = decode(dir.getParent().getFileName().toString());
            }
            project = lastPart(cwd);
            summaryModel = text(summary, "current_model_id", UNKNOWN_MODEL);
        }

        private static JsonNode summary(Path file) {
            try {
                JsonNode summary = Json.MAPPER.readTree(Files.readAllBytes(file));
                return summary == null ? Json.MAPPER.createObjectNode() : summary;
            } catch (IOException | RuntimeException e) {
                return Json.MAPPER.createObjectNode(); // optional metadata; the directories stand in for it
            }
        }

        @Override
        public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) throws UnreadableLine {
            if (!Bytes.contains(buf, off, len, TURN_COMPLETED)) {
                return; // message, thought and tool chunks: most of the bytes, no usage
            }
            JsonNode entry;
            try {
                entry = Json.MAPPER.readTree(buf, off, len);
            } catch (IOException | NumberFormatException e) {
                throw new UnreadableLine("not valid JSON");
            }
            if (entry == null || !entry.isObject()) {
                return;
            }
            JsonNode params = entry.path("params");
            JsonNode update = params.path("update");
            JsonNode usage = update.path("usage");
            if (!"turn_completed".equals(update.path("sessionUpdate").asText()) || !usage.isObject()) {
                return;
            }
            Instant at = time(entry, params.path("_meta"));
            String eventId = text(params.path("_meta"), "eventId", null);
            String callSession = text(params, "sessionId", session);
            JsonNode perModel = usage.path("modelUsage");
            if (perModel.isObject() && perModel.size() > 0) {
                Iterator<Map.Entry<String, JsonNode>> models = perModel.fields();
                while (models.hasNext()) {
                    Map.Entry<String, JsonNode> model = models.next();
                    if (model.getValue().isObject()) {
                        call(model.getKey(), model.getValue(), at, eventId, callSession, out);
                    }
                }
            } else {
                call(summaryModel, usage, at, eventId, callSession, out);
            }
        }

        private void call(String model, JsonNode usage, Instant at, String eventId, String callSession,
                          Consumer<AgentCall> out) throws UnreadableLine {
            long prompt = count(usage, "inputTokens");
            long cached = count(usage, "cachedReadTokens");
            long created = count(usage, "cacheCreationTokens");
            long output = count(usage, "outputTokens");
            long reasoning = count(usage, "reasoningTokens");
            long cacheRead = Math.min(cached, prompt);
            long cacheWrite = Math.min(created, prompt - cacheRead);
            Tokens tokens = new Tokens(prompt - cacheRead - cacheWrite, output, cacheWrite, cacheRead,
                    Math.min(reasoning, output));
            if (tokens.total() == 0) {
                return;
            }
            String key = eventId != null ? NAME + ":" + eventId + ":" + model
                    : NAME + ":" + directorySession + ":" + at.toEpochMilli() + ":" + model + ":" + prompt + ":"
                    + cached + ":" + created + ":" + output + ":" + reasoning;
            long ticks = count(usage, "costUsdTicks");
            BigDecimal cost = ticks > 0 ? new BigDecimal(ticks).divide(TICKS_PER_USD) : null;
            out.accept(new AgentCall(key, at, "x-ai", model, tokens, cost, callSession, project, null));
        }

        /** {@code _meta.agentTimestampMs}, else the top-level {@code timestamp} in (possibly fractional) seconds. */
        private static Instant time(JsonNode entry, JsonNode meta) throws UnreadableLine {
            JsonNode millis = meta.get("agentTimestampMs");
            if (millis != null && millis.isNumber()) {
                return instant(millis.decimalValue());
            }
            JsonNode seconds = entry.get("timestamp");
            if (seconds != null && seconds.isNumber()) {
                return instant(seconds.decimalValue().movePointRight(3));
            }
            throw new UnreadableLine("no readable timestamp");
        }

        private static Instant instant(BigDecimal millis) throws UnreadableLine {
            if (millis.signum() <= 0 || millis.compareTo(BigDecimal.valueOf(LAST_MILLIS)) > 0) {
                throw new UnreadableLine("the timestamp is out of range");
            }
            return Instant.ofEpochMilli(millis.longValue());
        }

        private static long count(JsonNode usage, String field) throws UnreadableLine {
            try {
                return TokenCount.readAddable(usage.get(field), field);
            } catch (IllegalArgumentException e) {
                throw new UnreadableLine(e.getMessage());
            }
        }

        private static String text(JsonNode node, String field, String otherwise) {
            JsonNode value = node.get(field);
            return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : otherwise;
        }

        private static String decode(String encoded) {
            try {
                return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return encoded;
            }
        }

        private static String lastPart(String cwd) {
            if (cwd == null || cwd.isBlank()) {
                return NAME;
            }
            String trimmed = cwd.replaceAll("[/\\\\]+$", "");
            int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
            String name = trimmed.substring(slash + 1);
            return name.isEmpty() ? cwd : name;
        }
    }
}
