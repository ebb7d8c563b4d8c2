package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
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
        List<Path> dirs = new ArrayList<>();
        String configured = env.apply("CLAUDE_CONFIG_DIR");
        if (configured != null) {
            for (String dir : configured.split(",")) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir.trim()));
                }
            }
            return dirs;
        }
        String configHome = env.apply("XDG_CONFIG_HOME");
        dirs.add(configHome != null ? Path.of(configHome, "claude") : Path.of(env.apply("HOME"), ".config", "claude"));
        dirs.add(Path.of(env.apply("HOME"), ".claude"));
        return dirs;
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
        String path = input == null ? null : input.path("transcript_path").asText(null);
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("the hook's JSON has no transcript_path");
        }
        Path transcript;
        try {
            transcript = Path.of(path.startsWith("~/") ? env.apply("HOME") + path.substring(1) : path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("transcript_path is not a path: " + e.getMessage());
        }
        if (!Files.isRegularFile(transcript)) {
            throw new IllegalArgumentException("transcript " + transcript + " does not exist");
        }
        return transcript;
    }

    @Override
    public FileParser open(Path file) {
        String fileKey = file.toAbsolutePath().normalize().toString();
        Path parent = file.getParent() == null ? null : file.getParent().getFileName();
        String fallbackProject = parent == null ? null : parent.toString();
        return (buf, off, len, position, out) -> parse(buf, off, len, fileKey + "@" + position, fallbackProject, out);
    }

    /** The call on this line, if it is one (user turns, summaries and synthetic error turns are not). */
    static void parse(byte[] buf, int off, int len, String fallbackKey, String fallbackProject, Consumer<AgentCall> out)
            throws UnreadableLine {
        JsonNode entry;
        try {
            entry = MAPPER.readTree(buf, off, len);
        } catch (IOException | NumberFormatException e) {
            throw new UnreadableLine("not valid JSON");
        }
        if (entry == null || !entry.isObject() || !"assistant".equals(entry.path("type").asText())) {
            return;
        }
        JsonNode message = entry.path("message");
        JsonNode usage = message.path("usage");
        String model = message.path("model").asText(null);
        if (!usage.isObject() || model == null || model.isEmpty() || model.startsWith("<")) {
            return; // "<synthetic>" error turns carry no real usage
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
                    count(usage, "cache_creation_input_tokens"), count(usage, "cache_read_input_tokens"), 0);
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
        String cwd = entry.path("cwd").asText(null);
        out.accept(new AgentCall(NAME + ":" + key, at, "anthropic", model, tokens, costUsd,
                entry.path("sessionId").asText(null), project(cwd, fallbackProject),
                entry.path("isSidechain").asBoolean(false) ? Map.of("subagent", "true") : Map.of()));
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

    private static long count(JsonNode usage, String field) {
        JsonNode value = usage.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException(field + " is not a non-negative whole number");
        }
        return value.asLong();
    }
}
