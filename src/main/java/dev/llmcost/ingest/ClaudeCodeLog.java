package dev.llmcost.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Claude Code's session transcripts ({@code ~/.claude/projects/DIR/SESSION.jsonl}), JSON lines that only grow.
 * Assistant entries carry {@code message.model}, {@code message.usage}, {@code message.id},
 * {@code requestId}, {@code sessionId}, {@code cwd} and {@code timestamp}. The same message is
 * written on several lines while streaming and again when a session resumes, so a call's key is
 * {@code message.id:requestId} (as ccusage dedupes); lines lacking either fall back to their uuid,
 * then to the file and byte offset.
 */
public final class ClaudeCodeLog implements AgentLog {
    public static final String NAME = "claude-code";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String costBasis() {
        return "costUSD";
    }

    @Override
    public String title() {
        return "Claude Code";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Transcripts are read from DIR/projects/**/*.jsonl for each --root, else each directory in",
                "$CLAUDE_CONFIG_DIR (comma-separated), else ~/.config/claude and ~/.claude.",
                "",
                "Claude Code hook (~/.claude/settings.json, under \"Stop\" and \"SubagentStop\"):",
                "  {\"type\": \"command\", \"command\": \"llmcost ingest claude-code --hook\"}");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "CLAUDE_CONFIG_DIR", () -> {
            String configHome = env.apply("XDG_CONFIG_HOME");
            return List.of(configHome != null ? Path.of(configHome, "claude") : Path.of(env.apply("HOME"), ".config", "claude"),
                    Path.of(env.apply("HOME"), ".claude"));
        });
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        return AgentLog.walk(root.resolve("projects"), name -> name.endsWith(".jsonl"));
    }

    @Override
    public ReadMode mode() {
        return ReadMode.APPEND;
    }

    @Override
    public boolean hasHook() {
        return true;
    }

    @Override
    public Path hookFile(JsonNode input, List<Path> roots, UnaryOperator<String> env) {
        return AgentLog.transcriptPath(input, env, "the hook's JSON has no transcript_path");
    }

    @Override
    public FileParser open(Path file) {
        String fileKey = file.toAbsolutePath().normalize().toString();
        Path parent = file.getParent() == null ? null : file.getParent().getFileName();
        String fallbackProject = parent == null ? null : parent.toString();
        return (buf, off, len, position, out) -> parse(buf, off, len, fileKey + "@" + position, fallbackProject, out);
    }

    /** Made on first use: an unchanged re-ingest parses nothing. */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }
    private static final byte[] USAGE = Bytes.ascii("\"usage\"");

    /** The fields of one transcript line that make a call; everything else (message content above all) is skipped. */
    private static final class Fields {
        String type;
        String timestamp;
        String requestId;
        String uuid;
        String sessionId;
        String cwd;
        BigDecimal costUsd;
        boolean sidechain;
        String messageId;
        String model;
        boolean usageSeen;
        long input;
        long output;
        long cacheWrite;
        long cacheRead;
        long cacheWrite1h;
    }

    /**
     * The call on this line, if it is one (user turns, summaries and synthetic error turns are not). Lines without
     * {@code "usage"} are skipped before parsing; the rest are read with Jackson's streaming parser, keeping only
     * the fields above (a line's message content is most of its bytes).
     */
    static void parse(byte[] buf, int off, int len, String fallbackKey, String fallbackProject, Consumer<AgentCall> out)
            throws UnreadableLine {
        if (!Bytes.contains(buf, off, len, USAGE)) {
            if (!validJsonStart(buf, off, len)) {
                throw new UnreadableLine("not valid JSON");
            }
            return;
        }
        Fields f = new Fields();
        try (JsonParser parser = Json.FACTORY.createParser(buf, off, len)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                if (parser.nextToken() != null) {
                    throw new UnreadableLine("not valid JSON");
                }
                return;
            }
            readEntry(parser, f);
            if (parser.nextToken() != null) {
                throw new UnreadableLine("not valid JSON");
            }
        } catch (IOException | NumberFormatException e) {
            throw new UnreadableLine("not valid JSON");
        } catch (IllegalArgumentException e) {
            throw new UnreadableLine(e.getMessage());
        }
        if (!"assistant".equals(f.type) || !f.usageSeen || f.model == null || f.model.isEmpty() || f.model.startsWith("<")) {
            return; // "<synthetic>" error turns carry no real usage
        }
        Instant at;
        try {
            at = Timestamps.parse(f.timestamp == null ? "" : f.timestamp);
        } catch (DateTimeException e) {
            throw new UnreadableLine("no readable timestamp");
        }
        Tokens tokens = new Tokens(f.input, f.output, f.cacheWrite, f.cacheRead, 0, Math.min(f.cacheWrite1h, f.cacheWrite));
        String key = f.messageId != null && f.requestId != null ? f.messageId + ":" + f.requestId
                : f.uuid != null ? "uuid:" + f.uuid : fallbackKey;
        out.accept(new AgentCall(NAME + ":" + key, at, "anthropic", f.model, tokens, f.costUsd, f.sessionId,
                project(f.cwd, fallbackProject), f.sidechain ? Map.of("subagent", "true") : Map.of()));
    }

    /** Cheap check for the lines skipped unparsed: a JSON line starts with a value (garbage is still counted). */
    private static boolean validJsonStart(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return b == '{' || b == '[' || b == '"';
            }
        }
        return true; // a blank line
    }

    private static void readEntry(JsonParser parser, Fields f) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "type" -> f.type = text(parser, value);
                case "timestamp" -> f.timestamp = text(parser, value);
                case "requestId" -> f.requestId = text(parser, value);
                case "uuid" -> f.uuid = text(parser, value);
                case "sessionId" -> f.sessionId = text(parser, value);
                case "cwd" -> f.cwd = text(parser, value);
                case "isSidechain" -> {
                    f.sidechain = value == JsonToken.VALUE_TRUE;
                    parser.skipChildren();
                }
                case "costUSD" -> {
                    f.costUsd = null;
                    if (value.isNumeric()) {
                        BigDecimal cost = parser.getDecimalValue();
                        f.costUsd = cost.signum() >= 0 ? cost : null;
                    }
                    parser.skipChildren();
                }
                case "message" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readMessage(parser, f);
                    } else {
                        f.messageId = null;
                        f.model = null;
                        f.usageSeen = false;
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unfinished object");
        }
    }

    private static void readMessage(JsonParser parser, Fields f) throws IOException {
        f.messageId = null;
        f.model = null;
        f.usageSeen = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "id" -> f.messageId = text(parser, value);
                case "model" -> f.model = text(parser, value);
                case "usage" -> {
                    f.usageSeen = value == JsonToken.START_OBJECT;
                    f.input = f.output = f.cacheWrite = f.cacheRead = f.cacheWrite1h = 0;
                    if (f.usageSeen) {
                        readUsage(parser, f);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    private static void readUsage(JsonParser parser, Fields f) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "input_tokens" -> f.input = count(name, parser, value);
                case "output_tokens" -> f.output = count(name, parser, value);
                case "cache_creation_input_tokens" -> f.cacheWrite = count(name, parser, value);
                case "cache_read_input_tokens" -> f.cacheRead = count(name, parser, value);
                case "cache_creation" -> readCacheCreation(parser, value, f);
                default -> parser.skipChildren();
            }
        }
    }

    /** {@code usage.cache_creation}: of the cache writes, those to the 1-hour cache, which cost more. */
    private static void readCacheCreation(JsonParser parser, JsonToken value, Fields f) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken inner = parser.nextToken();
            if (name.equals("ephemeral_1h_input_tokens")) {
                f.cacheWrite1h = count(name, parser, inner);
            } else {
                parser.skipChildren();
            }
        }
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static String project(String cwd, String fallback) {
        if (cwd == null || cwd.isBlank()) {
            return fallback;
        }
        try {
            Path name = Path.of(cwd).getFileName();
            return name == null ? cwd : name.toString();
        } catch (java.nio.file.InvalidPathException e) {
            return cwd;
        }
    }

    /** A token count: null is 0; anything but a non-negative whole number is refused. */
    private static long count(String field, JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || parser.getLongValue() < 0) {
            throw TokenCount.refused(field, value == JsonToken.VALUE_STRING ? '"' + parser.getText() + '"' : parser.getText());
        }
        return parser.getLongValue();
    }
}
