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
 * Kimi CLI's and Kimi Code's wire logs, JSON lines that only grow, under {@code DATA/sessions/GROUP/SESSION/}
 * (GROUP stands for the working directory): {@code wire.jsonl}, a subagent's {@code subagents/TASK/wire.jsonl} and
 * Kimi Code's {@code agents/AGENT/wire.jsonl}; no other depth (as ccusage 20.0.24 reads them). Two kinds of usage line:
 * <ul>
 * <li>Kimi CLI: {@code {"timestamp": SECONDS.fraction, "message": {"type": "StatusUpdate", "payload": {"token_usage":
 *     {…}, "message_id": …}}}}, one LLM step's usage (not a running total); TurnBegin, ContentPart, ToolCall …
 *     and status updates with only {@code context_usage} carry none. Tokens are llmcost's split already:
 *     {@code input_other} (input without cache), {@code input_cache_read}, {@code input_cache_creation},
 *     {@code output}; a {@code total} above their sum is output (as ccusage counts it). The line has no model:
 *     it is the {@code model} of the data directory's {@code config.json}, else {@code kimi-for-coding}.
 *     Key: {@code kimi:SESSION:MESSAGE_ID}; the time is cut (not rounded) to the millisecond.</li>
 * <li>Kimi Code: {@code {"type": "usage.record", "model": "kimi-code/k3", "usageScope": "turn", "time": MILLIS,
 *     "usage": {"inputOther", "output", "inputCacheRead", "inputCacheCreation"}}}; only {@code turn} records are
 *     calls ({@code session} ones sum them up). The model is the record's without {@code kimi-code/}.</li>
 * </ul>
 * A line without a time is dated by the file's modification time, as ccusage does (its key then has the line's
 * byte offset, the one thing about it that does not change). The session is the SESSION directory, or TASK for a
 * Kimi CLI subagent.
 */
public final class KimiLog implements AgentLog {
    public static final String NAME = "kimi";
    static final String DEFAULT_MODEL = "kimi-for-coding";
    private static final byte[] STATUS = Bytes.ascii("\"StatusUpdate\"");
    private static final byte[] TOKEN_USAGE = Bytes.ascii("\"token_usage\"");
    private static final byte[] USAGE_RECORD = Bytes.ascii("\"usage.record\"");

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
                "Wire logs are read from DIR/sessions/*/*/wire.jsonl (and a session's subagents/*/wire.jsonl and",
                "agents/*/wire.jsonl) for each --root, else each directory in $KIMI_DATA_DIR (comma-separated),",
                "else ~/.kimi and ~/.kimi-code. Kimi CLI's model is DIR/config.json's \"model\".");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "KIMI_DATA_DIR",
                () -> List.of(Path.of(env.apply("HOME"), ".kimi"), Path.of(env.apply("HOME"), ".kimi-code")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        Path sessions = root.resolve("sessions");
        List<Path> files = new ArrayList<>();
        for (Path file : AgentLog.walk(sessions, "wire.jsonl"::equals)) {
            Path relative = sessions.relativize(file);
            String nested = relative.getNameCount() == 5 ? relative.getName(2).toString() : "";
            if (relative.getNameCount() == 3 || nested.equals("subagents") || nested.equals("agents")) {
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
        Path dir = file.getParent();
        boolean agent = dir.getParent() != null && dir.getParent().getFileName().toString().equals("agents");
        String session = (agent ? dir.getParent().getParent() : dir).getFileName().toString();
        String[] model = {null};
        return (buf, off, len, position, out) -> {
            boolean status = Bytes.contains(buf, off, len, STATUS) && Bytes.contains(buf, off, len, TOKEN_USAGE);
            if (!status && !Bytes.contains(buf, off, len, USAGE_RECORD)) {
                return;
            }
            JsonNode record;
            try {
                record = Json.MAPPER.readTree(buf, off, len);
            } catch (IOException | NumberFormatException e) {
                throw new UnreadableLine("not valid JSON");
            }
            if (record == null || !record.isObject()) {
                return;
            }
            if ("usage.record".equals(record.path("type").asText())) {
                usageRecord(record, file, session, position, out);
            } else if (status) {
                if (model[0] == null) {
                    model[0] = model(file);
                }
                statusUpdate(record, file, session, model[0], position, out);
            }
        };
    }

    private static void statusUpdate(JsonNode record, Path file, String session, String model, long position,
                                     Consumer<AgentCall> out) throws UnreadableLine {
        JsonNode message = record.path("message");
        JsonNode usage = message.path("payload").path("token_usage");
        if ("metadata".equals(record.path("type").asText()) || !"StatusUpdate".equals(message.path("type").asText())
                || !usage.isObject()) {
            return;
        }
        Tokens tokens = counted(usage, "input_other", "output", "input_cache_creation", "input_cache_read", "total");
        if (tokens == null) {
            return;
        }
        JsonNode seconds = record.get("timestamp");
        boolean dated = seconds != null && seconds.isNumber() && Double.isFinite(seconds.asDouble())
                && Math.abs(seconds.asDouble()) < 253_402_300_799d;
        Instant at = dated ? Instant.ofEpochMilli((long) (seconds.asDouble() * 1000.0)) : modified(file);
        String id = PiEntries.text(message.get("payload"), "message_id");
        String key = NAME + ":" + session + ":" + (id != null ? id : (dated ? at.toEpochMilli() : "@" + position) + ":"
                + tokens.input() + ":" + tokens.output() + ":" + tokens.cacheWrite() + ":" + tokens.cacheRead());
        out.accept(new AgentCall(key, at, "moonshotai", model, tokens, null, session, NAME, Map.of()));
    }

    private static void usageRecord(JsonNode record, Path file, String session, long position, Consumer<AgentCall> out)
            throws UnreadableLine {
        JsonNode usage = record.path("usage");
        if (!"turn".equals(record.path("usageScope").asText()) || !usage.isObject()) {
            return; // a session-wide sum of the turns
        }
        Tokens tokens = counted(usage, "inputOther", "output", "inputCacheCreation", "inputCacheRead", null);
        if (tokens == null) {
            return;
        }
        JsonNode time = record.get("time");
        boolean dated = time != null && time.isIntegralNumber() && time.canConvertToLong() && time.asLong() >= 0
                && time.asLong() <= 253_402_300_799_999L;
        Instant at = dated ? Instant.ofEpochMilli(time.asLong()) : modified(file);
        String model = PiEntries.text(record, "model");
        model = model == null ? DEFAULT_MODEL : model.startsWith("kimi-code/") ? model.substring(10) : model;
        String key = NAME + ":" + session + ":" + (dated ? at.toEpochMilli() : "@" + position) + ":" + model + ":"
                + tokens.input() + ":" + tokens.output() + ":" + tokens.cacheWrite() + ":" + tokens.cacheRead();
        out.accept(new AgentCall(key, at, "moonshotai", model, tokens, null, session, NAME, Map.of()));
    }

    /** The tokens of a usage object by its field names, or null when they are all zero. */
    private static Tokens counted(JsonNode usage, String input, String output, String write, String read, String total)
            throws UnreadableLine {
        try {
            long in = count(usage, input);
            long cacheWrite = count(usage, write);
            long cacheRead = count(usage, read);
            long out = count(usage, output);
            if (total != null) {
                out = Math.max(out, count(usage, total) - in - cacheWrite - cacheRead);
            }
            Tokens tokens = new Tokens(in, out, cacheWrite, cacheRead, 0);
            return tokens.total() == 0 ? null : tokens;
        } catch (IllegalArgumentException e) {
            throw new UnreadableLine(e.getMessage());
        }
    }

    /** {@code "model"} of {@code config.json} in the data directory (the one holding {@code sessions/}). */
    static String model(Path wire) {
        Path root = wire.toAbsolutePath().getParent();
        while (root != null && (root.getFileName() == null || !root.getFileName().toString().equals("sessions"))) {
            root = root.getParent();
        }
        if (root != null && root.getParent() != null) {
            try {
                Path config = root.getParent().resolve("config.json");
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

    private static Instant modified(Path file) throws UnreadableLine {
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
