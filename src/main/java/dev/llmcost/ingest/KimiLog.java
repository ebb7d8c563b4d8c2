package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Kimi CLI's wire logs: {@code ~/.kimi/sessions/GROUP/SESSION/wire.jsonl} (exactly that depth; GROUP stands for
 * the working directory), JSON lines that only grow: a {@code {"type":"metadata"}} line, then
 * {@code {"timestamp": SECONDS.fraction, "message": {"type": …, "payload": {…}}}}. A call is a
 * {@code StatusUpdate} whose payload has {@code token_usage} (one LLM step's usage, not a running total) and the
 * step's {@code message_id}; TurnBegin, ContentPart, ToolCall … carry no usage. Tokens are already llmcost's
 * split: {@code input_other} (input without cache), {@code input_cache_read}, {@code input_cache_creation},
 * {@code output}; a {@code total} above their sum is output (as ccusage counts it). The wire has no model: it is
 * the {@code model} of {@code config.json} in the data directory, else {@code kimi-for-coding} (as ccusage).
 * Key: {@code kimi:SESSION:MESSAGE_ID} (time and tokens when a status has no message id).
 */
public final class KimiLog implements AgentLog {
    public static final String NAME = "kimi";
    static final String DEFAULT_MODEL = "kimi-for-coding";
    private static final byte[] STATUS = Bytes.ascii("\"StatusUpdate\"");
    private static final byte[] TOKEN_USAGE = Bytes.ascii("\"token_usage\"");

    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Kimi CLI";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Wire logs are read from DIR/sessions/*/*/wire.jsonl for each --root, else each directory in",
                "$KIMI_DATA_DIR (comma-separated), else ~/.kimi. The model is DIR/config.json's \"model\".");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "KIMI_DATA_DIR", () -> List.of(Path.of(env.apply("HOME"), ".kimi")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        Path sessions = root.resolve("sessions");
        List<Path> files = new ArrayList<>();
        for (Path file : AgentLog.walk(sessions, "wire.jsonl"::equals)) {
            if (sessions.relativize(file).getNameCount() == 3) {
                files.add(file);
            }
        }
        return files;
    }

    @Override
    public ReadMode mode() {
        return ReadMode.APPEND;
    }

    @Override
    public FileParser open(Path file) {
        String session = file.getParent().getFileName().toString();
        String[] model = {null};
        return (buf, off, len, position, out) -> {
            if (!Bytes.contains(buf, off, len, STATUS) || !Bytes.contains(buf, off, len, TOKEN_USAGE)) {
                return;
            }
            if (model[0] == null) {
                model[0] = model(file);
            }
            line(buf, off, len, file, session, model[0], out);
        };
    }

    private static void line(byte[] buf, int off, int len, Path file, String session, String model,
                             Consumer<AgentCall> out) throws UnreadableLine {
        JsonNode record;
        try {
            record = Json.MAPPER.readTree(buf, off, len);
        } catch (IOException | NumberFormatException e) {
            throw new UnreadableLine("not valid JSON");
        }
        if (record == null || !record.isObject() || "metadata".equals(record.path("type").asText())) {
            return;
        }
        JsonNode message = record.path("message");
        JsonNode usage = message.path("payload").path("token_usage");
        if (!"StatusUpdate".equals(message.path("type").asText()) || !usage.isObject()) {
            return;
        }
        Tokens tokens;
        try {
            tokens = tokens(usage);
        } catch (IllegalArgumentException e) {
            throw new UnreadableLine(e.getMessage());
        }
        if (tokens.total() == 0) {
            return;
        }
        Instant at = time(record.get("timestamp"), file);
        String id = PiEntries.text(message.get("payload"), "message_id");
        String key = NAME + ":" + session + ":" + (id != null ? id : at.toEpochMilli() + ":" + tokens.input() + ":"
                + tokens.output() + ":" + tokens.cacheWrite() + ":" + tokens.cacheRead());
        out.accept(new AgentCall(key, at, "moonshotai", model, tokens, null, session, NAME, Map.of()));
    }

    static Tokens tokens(JsonNode usage) {
        long input = count(usage, "input_other");
        long output = count(usage, "output");
        long read = count(usage, "input_cache_read");
        long write = count(usage, "input_cache_creation");
        long total = count(usage, "total");
        return new Tokens(input, Math.max(output, total - input - read - write), write, read, 0);
    }

    /** {@code "model"} of {@code config.json} in the data directory (four levels above the wire file). */
    static String model(Path wire) {
        Path root = wire.toAbsolutePath();
        for (int i = 0; i < 4 && root != null; i++) {
            root = root.getParent();
        }
        if (root != null) {
            try {
                Path config = root.resolve("config.json");
                if (Files.isRegularFile(config) && Files.size(config) < 1 << 20) {
                    String model = PiEntries.text(Json.MAPPER.readTree(config.toFile()), "model");
                    if (model != null) {
                        return model;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable config: the default model, as ccusage
            }
        }
        return DEFAULT_MODEL;
    }

    /** Seconds since the epoch with a fraction, cut to milliseconds; else the file's modification time (as ccusage). */
    private static Instant time(JsonNode seconds, Path file) throws UnreadableLine {
        if (seconds != null && seconds.isNumber() && Double.isFinite(seconds.asDouble())
                && Math.abs(seconds.asDouble()) < 253_402_300_799d) {
            return Instant.ofEpochMilli((long) (seconds.asDouble() * 1000.0));
        }
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UnreadableLine("no readable timestamp");
        }
    }

    private static long count(JsonNode usage, String field) {
        return TokenCount.readAddable(usage.get(field), "token_usage." + field);
    }
}
