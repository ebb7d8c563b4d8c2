package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Codex CLI's session rollouts: {@code $CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<session id>.jsonl}
 * (and {@code archived_sessions/}), {@code CODEX_HOME} defaulting to {@code ~/.codex} (comma-separated for several,
 * as ccusage reads it). JSON lines that only grow, each {@code {"timestamp", "type", "payload"}}:
 * <ul>
 * <li>{@code session_meta}: the session's {@code id} and {@code cwd}.</li>
 * <li>{@code turn_context}: the {@code model} (and {@code cwd}) of the turns that follow; calls before the first one
 *     (early Codex versions wrote none) are priced as {@code gpt-5} and tagged {@code model_fallback=true}, as ccusage does.</li>
 * <li>{@code event_msg} with {@code payload.type = token_count}: {@code payload.info} holds the session's cumulative
 *     {@code total_token_usage} and the call's {@code last_token_usage}. {@code info: null} events are rate-limit
 *     notices, not calls. Codex sends another token_count whenever its rate limits update, repeating the info
 *     unchanged: an event whose cumulative total equals the previous one is not a call. Older logs carry only the
 *     cumulative total: the call is its difference from the previous total.</li>
 * </ul>
 * Token meaning, from Codex's own {@code TokenUsage} ({@code codex-rs/protocol/src/protocol.rs}):
 * {@code non_cached_input() = input_tokens - cached_input_tokens}, {@code blended_total() = non_cached_input() +
 * output_tokens}, and {@code tokens_in_context_window() = total_tokens - reasoning_output_tokens} because earlier
 * turns' reasoning drops out of the context. So cached input is part of input, reasoning is part of output, and
 * {@code total = input + output}. Stored: input = input - cached, cache read = cached, output = output (reasoning
 * included, priced once), reasoning = reasoning_output_tokens shown apart.
 * <p>
 * A call's key is its time and token counts (as ccusage dedupes), not the file or session: a forked session
 * copies its parent's history into a new rollout, and those copied calls must not count twice.
 */
public final class CodexLog implements AgentLog {
    public static final String NAME = "codex";
    static final String FALLBACK_MODEL = "gpt-5";
    /** Made on first use: listing or stat-ing files (an unchanged re-ingest, ingest --list) needs no JSON. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final byte[] TOKEN_COUNT = Bytes.ascii("\"token_count\"");
    private static final byte[] TURN_CONTEXT = Bytes.ascii("\"turn_context\"");
    private static final byte[] SESSION_META = Bytes.ascii("\"session_meta\"");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Codex";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Rollouts are read from DIR/sessions/**/*.jsonl and DIR/archived_sessions/**/*.jsonl for each --root,",
                "else each directory in $CODEX_HOME (comma-separated), else ~/.codex.",
                "",
                "Codex hook (~/.codex/config.toml; Codex appends its JSON as the last argument):",
                "  notify = [\"llmcost\", \"ingest\", \"codex\", \"--hook\"]");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "CODEX_HOME", () -> List.of(Path.of(env.apply("HOME"), ".codex")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>(AgentLog.walk(root.resolve("sessions"), CodexLog::isRollout));
        files.addAll(AgentLog.walk(root.resolve("archived_sessions"), CodexLog::isRollout));
        return files;
    }

    private static boolean isRollout(String name) {
        return name.endsWith(".jsonl");
    }

    @Override
    public ReadMode mode() {
        return ReadMode.APPEND;
    }

    @Override
    public boolean hasHook() {
        return true;
    }

    /**
     * Codex's {@code notify} program gets {@code {"type":"agent-turn-complete","thread-id":…,"cwd":…}} as its last
     * argument; its lifecycle hooks get {@code {"session_id":…,"transcript_path":…}} on stdin. Either way the rollout
     * is the one whose name ends with the session id (the newest, if a session was resumed into a new file).
     */
    @Override
    public Path hookFile(JsonNode input, List<Path> roots, UnaryOperator<String> env) {
        if (input == null || !input.isObject()) {
            throw new IllegalArgumentException("the hook's JSON is not an object");
        }
        String transcript = input.path("transcript_path").asText(null);
        if (transcript != null && !transcript.isEmpty()) {
            try {
                Path path = Path.of(transcript.startsWith("~/") ? env.apply("HOME") + transcript.substring(1) : transcript);
                if (Files.isRegularFile(path)) {
                    return path;
                }
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("transcript_path is not a path: " + e.getMessage());
            }
        }
        String session = firstText(input, "thread-id", "thread_id", "session_id", "session-id");
        if (session == null || session.isEmpty()) {
            throw new IllegalArgumentException("the hook's JSON names no session (thread-id or session_id)");
        }
        Path newest = null;
        for (Path root : roots) {
            try {
                for (Path file : files(root)) {
                    if (file.getFileName().toString().endsWith("-" + session + ".jsonl")
                            && (newest == null || file.getFileName().toString().compareTo(newest.getFileName().toString()) > 0)) {
                        newest = file;
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + root + ": " + e.getMessage());
            }
        }
        if (newest == null) {
            throw new IllegalArgumentException("no rollout of session " + session + " under " + roots);
        }
        return newest;
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        return null;
    }

    @Override
    public FileParser open(Path file) {
        return new Rollout(file);
    }

    /** One rollout's state: the session, its working directory, the current model and the last cumulative total. */
    private static final class Rollout implements FileParser {
        private String session;
        private String cwd;
        private String model;
        /** input, cached, output, reasoning, total of the last cumulative usage seen; null before the first. */
        private long[] previousTotal;

        Rollout(Path file) {
            String name = file.getFileName().toString();
            // rollout-2025-09-15T10-00-00-<uuid>.jsonl: the uuid is the session id
            if (name.startsWith("rollout-") && name.length() > 8 + 20 + 6) {
                session = name.substring(8 + 20, name.length() - 6);
            }
        }

        @Override
        public boolean needsEarlierLines() {
            return true;
        }

        @Override
        public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) throws UnreadableLine {
            boolean tokenCount = Bytes.contains(buf, off, len, TOKEN_COUNT);
            if (!tokenCount && !Bytes.contains(buf, off, len, TURN_CONTEXT) && !Bytes.contains(buf, off, len, SESSION_META)) {
                return; // messages, tool calls, reasoning: most of the bytes, no usage
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
            JsonNode payload = entry.path("payload");
            switch (entry.path("type").asText()) {
                case "session_meta" -> {
                    session = text(payload, "id", session);
                    cwd = text(payload, "cwd", cwd);
                }
                case "turn_context" -> {
                    model = text(payload, "model", model);
                    cwd = text(payload, "cwd", cwd);
                }
                case "event_msg" -> {
                    if (tokenCount && "token_count".equals(payload.path("type").asText())) {
                        call(entry, payload.path("info"), out);
                    }
                }
                default -> {
                }
            }
        }

        private void call(JsonNode entry, JsonNode info, Consumer<AgentCall> out) throws UnreadableLine {
            if (!info.isObject()) {
                return; // info: null is a rate-limit notice
            }
            long[] total = info.hasNonNull("total_token_usage") ? counts(info.get("total_token_usage")) : null;
            long[] last = info.hasNonNull("last_token_usage") ? counts(info.get("last_token_usage")) : null;
            long[] call;
            if (total != null) {
                boolean repeated = previousTotal != null && java.util.Arrays.equals(total, previousTotal);
                long[] before = previousTotal;
                previousTotal = total;
                if (repeated) {
                    return; // the same info again, sent with a rate-limit update
                }
                call = last != null ? last : minus(total, before);
            } else if (last != null) {
                call = last;
            } else {
                return;
            }
            if (call[0] == 0 && call[1] == 0 && call[2] == 0 && call[3] == 0) {
                return; // an estimate or a context-window notice, not a call
            }
            Instant at;
            try {
                at = Timestamps.parse(entry.path("timestamp").asText());
            } catch (DateTimeException e) {
                throw new UnreadableLine("no readable timestamp");
            }
            long cached = Math.min(call[1], call[0]);
            Tokens tokens = new Tokens(call[0] - cached, call[2], 0, cached, Math.min(call[3], call[2]));
            String usedModel = model != null ? model : FALLBACK_MODEL;
            String key = NAME + ":" + at.toEpochMilli() + ":" + call[0] + ":" + call[1] + ":" + call[2] + ":" + call[3] + ":" + call[4];
            out.accept(new AgentCall(key, at, "openai", usedModel, tokens, null, session, project(cwd),
                    model == null ? Map.of("model_fallback", "true") : Map.of()));
        }

        private static long[] minus(long[] total, long[] before) {
            if (before == null) {
                return total;
            }
            long[] call = new long[total.length];
            for (int i = 0; i < total.length; i++) {
                call[i] = Math.max(0, total[i] - before[i]);
            }
            return call;
        }

        /** input, cached input, output, reasoning output, total of one usage object. */
        private static long[] counts(JsonNode usage) throws UnreadableLine {
            if (!usage.isObject()) {
                throw new UnreadableLine("token usage is not an object");
            }
            long input = count(usage, "input_tokens");
            long output = count(usage, "output_tokens");
            long total = count(usage, "total_tokens");
            return new long[] {input, count(usage, "cached_input_tokens"), output,
                    count(usage, "reasoning_output_tokens"), total == 0 ? input + output : total};
        }

        private static long count(JsonNode usage, String field) throws UnreadableLine {
            try {
                return TokenCount.read(usage.get(field), field);
            } catch (IllegalArgumentException e) {
                throw new UnreadableLine(e.getMessage());
            }
        }

        private static String text(JsonNode node, String field, String otherwise) {
            JsonNode value = node.get(field);
            return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : otherwise;
        }

        private static String project(String cwd) {
            if (cwd == null || cwd.isBlank()) {
                return "codex";
            }
            String trimmed = cwd.replaceAll("[/\\\\]+$", "");
            int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
            String name = trimmed.substring(slash + 1);
            return name.isEmpty() ? cwd : name;
        }
    }
}
