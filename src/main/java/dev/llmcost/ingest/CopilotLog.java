package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * GitHub Copilot CLI's session events: {@code $COPILOT_HOME/session-state/<session id>/events.jsonl}
 * ({@code COPILOT_HOME} comma-separated, default {@code ~/.copilot}), JSON lines that only grow (a resumed session
 * appends to the same file). Usage is only in {@code session.shutdown} events, written when a CLI process leaves the
 * session: {@code id}, {@code timestamp}, and {@code data.modelMetrics}, a map from model to
 * {@code requests.{count, cost}} and {@code usage.{inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
 * reasoningTokens}} for that process. The figures restart with each process: a session left and resumed has one
 * shutdown per stay, and each is counted whole (ccusage 20.0.24 counts only what a shutdown has above the previous
 * one: see docs/AGENTS.md). A call is one model of one shutdown, keyed {@code copilot:<session>:<event id>:<model>}.
 * {@code inputTokens} includes both cache figures: input = inputTokens − cacheRead − cacheWrite (at least 0), as
 * ccusage reads it; output = outputTokens, reasoning = reasoningTokens (within output, shown apart). Other events
 * may hold the text {@code session.shutdown} (a command, a message): only a top-level {@code type} counts.
 * The OpenTelemetry file export ({@code ~/.copilot/otel/*.jsonl}) is not read.
 */
public final class CopilotLog implements AgentLog {
    public static final String NAME = "copilot";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SHUTDOWN = Bytes.ascii("\"session.shutdown\"");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "GitHub Copilot CLI";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Sessions are read from DIR/session-state/*/events.jsonl for each --root, else each directory in",
                "$COPILOT_HOME (comma-separated), else ~/.copilot. Copilot writes usage when it leaves a session",
                "(session.shutdown): a session still open is not counted yet. Copilot CLI has no command hook here.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "COPILOT_HOME", () -> List.of(Path.of(env.apply("HOME"), ".copilot")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        Path sessions = root.resolve("session-state");
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(sessions)) {
            return files;
        }
        try (Stream<Path> dirs = Files.list(sessions)) {
            dirs.map(dir -> dir.resolve("events.jsonl")).filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }

    @Override
    public ReadMode mode() {
        return ReadMode.APPEND;
    }

    @Override
    public FileParser open(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String session = dir == null || dir.getFileName() == null ? null : dir.getFileName().toString();
        return (buf, off, len, position, out) -> {
            if (!Bytes.contains(buf, off, len, SHUTDOWN)) {
                return;
            }
            JsonNode event;
            try {
                event = JSON.readTree(buf, off, len);
            } catch (IOException | NumberFormatException e) {
                throw new UnreadableLine("not valid JSON");
            }
            if (event != null && event.isObject() && "session.shutdown".equals(event.path("type").asText())) {
                shutdown(session, event, out);
            }
        };
    }

    static void shutdown(String session, JsonNode event, Consumer<AgentCall> out) throws UnreadableLine {
        String id = text(event, "id");
        JsonNode metrics = event.path("data").path("modelMetrics");
        if (id == null || !metrics.isObject()) {
            return;
        }
        Instant at;
        try {
            at = Timestamps.parse(event.path("timestamp").asText());
        } catch (DateTimeException e) {
            throw new UnreadableLine("no readable timestamp");
        }
        List<AgentCall> calls = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            Tokens tokens;
            try {
                tokens = tokens(model.getValue().path("usage"));
            } catch (IllegalArgumentException e) {
                throw new UnreadableLine(e.getMessage());
            }
            if (tokens.total() > 0 && !model.getKey().isBlank()) {
                calls.add(new AgentCall(NAME + ":" + session + ":" + id + ":" + model.getKey(), at, null, model.getKey(),
                        tokens, null, session, NAME, null));
            }
        }
        calls.forEach(out);
    }

    /** inputTokens holds both cache figures; reasoning is within output. */
    static Tokens tokens(JsonNode usage) {
        long input = count(usage, "inputTokens");
        long output = count(usage, "outputTokens");
        long read = count(usage, "cacheReadTokens");
        long write = count(usage, "cacheWriteTokens");
        return new Tokens(Math.max(0, input - read - write), output, write, read,
                Math.min(output, count(usage, "reasoningTokens")));
    }

    private static long count(JsonNode usage, String field) {
        return TokenCount.readAddable(usage.get(field), "usage." + field);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }
}
