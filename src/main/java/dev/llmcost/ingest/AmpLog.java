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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Amp's threads: {@code $AMP_DATA_DIR/threads/T-<uuid>.json} ({@code AMP_DATA_DIR} comma-separated, default
 * {@code ~/.local/share/amp}), one JSON document per thread, rewritten whole on every change (so WHOLE mode).
 * A thread has {@code id} and {@code messages[]}; usage comes from one of two places, as ccusage reads it:
 * <ul>
 * <li>{@code usageLedger.events[]} when the thread has one: per event {@code id}, {@code timestamp}, {@code model},
 *     {@code tokens.{input, output, total}} and {@code toMessageId}, the assistant message whose
 *     {@code usage.{cacheCreationInputTokens, cacheReadInputTokens}} are the event's cache figures. The ledger wins:
 *     messages' usage is then not read again (it describes the same calls).</li>
 * <li>else each assistant message's {@code usage}: {@code model}, {@code timestamp} (else the message's),
 *     {@code inputTokens}, {@code outputTokens}, {@code cacheCreationInputTokens}, {@code cacheReadInputTokens},
 *     {@code totalTokens}.</li>
 * </ul>
 * Input is already apart from the cache figures (Anthropic's split). {@code total} is only a fallback: what it holds
 * beyond the parts counts as output (ccusage's rule). Usage all zero is no call. A file caught mid-rewrite does
 * not parse and is read again on the next run; a record with a broken count is passed over alone.
 * Key: {@code amp:<thread id>:<event id>} (ledger) or {@code amp:<thread id>:m<messageId>} (messages).
 */
public final class AmpLog implements AgentLog {
    public static final String NAME = "amp";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Amp";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Threads are read from DIR/threads/*.json for each --root, else each directory in",
                "$AMP_DATA_DIR (comma-separated), else ~/.local/share/amp. Amp has no command hook.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "AMP_DATA_DIR", () -> List.of(Path.of(env.apply("HOME"), ".local", "share", "amp")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        return AgentLog.walk(root.resolve("threads"), name -> name.endsWith(".json"));
    }

    @Override
    public ReadMode mode() {
        return ReadMode.WHOLE;
    }

    @Override
    public FileParser open(Path file) {
        return new FileParser() {
            @Override
            public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) {
                throw new UnsupportedOperationException("Amp threads are read whole");
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                byte[] bytes = Files.readAllBytes(path);
                JsonNode thread;
                try {
                    thread = JSON.readTree(bytes);
                } catch (IOException | NumberFormatException e) {
                    throw new UnreadableLine("not valid JSON");
                }
                calls(thread).forEach(out);
            }
        };
    }

    /** Every call of one thread document. */
    static List<AgentCall> calls(JsonNode thread) {
        String threadId = text(thread, "id");
        if (threadId == null) {
            return List.of();
        }
        JsonNode events = thread.path("usageLedger").path("events");
        List<AgentCall> calls = new ArrayList<>();
        if (events.isArray()) {
            Map<Long, long[]> cache = cacheByMessage(thread.path("messages"));
            int index = 0;
            for (JsonNode event : events) {
                ledgerCall(threadId, event, index++, cache).ifPresent(calls::add);
            }
        } else if (thread.path("messages").isArray()) {
            int index = 0;
            for (JsonNode message : thread.path("messages")) {
                messageCall(threadId, message, index++).ifPresent(calls::add);
            }
        }
        return calls;
    }

    private static Optional<AgentCall> ledgerCall(String thread, JsonNode event, int index, Map<Long, long[]> cache) {
        Instant at = time(text(event, "timestamp"));
        String model = text(event, "model");
        JsonNode tokens = event.get("tokens");
        if (at == null || model == null || tokens == null) {
            return Optional.empty();
        }
        JsonNode to = event.get("toMessageId");
        long[] cached = to != null && to.canConvertToLong() && to.isIntegralNumber()
                ? cache.getOrDefault(to.asLong(), new long[2]) : new long[2];
        String id = text(event, "id");
        try {
            Tokens usage = tokens(count(tokens, "input"), count(tokens, "output"), cached[0], cached[1], count(tokens, "total"));
            return call(thread, id != null ? id : "e" + index, at, model, usage);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<AgentCall> messageCall(String thread, JsonNode message, int index) {
        if (!"assistant".equals(message.path("role").asText()) || !message.path("usage").isObject()) {
            return Optional.empty();
        }
        JsonNode usage = message.get("usage");
        String stamp = text(usage, "timestamp");
        Instant at = time(stamp != null ? stamp : text(message, "timestamp"));
        String model = text(usage, "model") != null ? text(usage, "model") : text(message, "model");
        if (at == null || model == null) {
            return Optional.empty();
        }
        JsonNode messageId = message.get("messageId");
        String id = messageId != null && (messageId.isIntegralNumber() || messageId.isTextual()) && !messageId.asText().isBlank()
                ? "m" + messageId.asText() : "i" + index;
        try {
            Tokens tokens = tokens(count(usage, "inputTokens"), count(usage, "outputTokens"),
                    count(usage, "cacheCreationInputTokens"), count(usage, "cacheReadInputTokens"), count(usage, "totalTokens"));
            return call(thread, id, at, model, tokens);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<AgentCall> call(String thread, String id, Instant at, String model, Tokens tokens) {
        if (tokens.total() == 0) {
            return Optional.empty();
        }
        return Optional.of(new AgentCall(NAME + ":" + thread + ":" + id, at, null, model, tokens, null,
                thread, NAME, null));
    }

    /** What {@code total} holds beyond the parts is output (ccusage's fallback when the parts are missing). */
    static Tokens tokens(long input, long output, long cacheWrite, long cacheRead, long total) {
        long known = input + output + cacheWrite + cacheRead;
        return new Tokens(input, output + Math.max(0, total - known), cacheWrite, cacheRead, 0);
    }

    /** messageId → {cache write, cache read} of each assistant message, for the ledger's {@code toMessageId}. */
    private static Map<Long, long[]> cacheByMessage(JsonNode messages) {
        Map<Long, long[]> cache = new HashMap<>();
        for (JsonNode message : messages) {
            JsonNode id = message.get("messageId");
            if (!"assistant".equals(message.path("role").asText()) || id == null || !id.isIntegralNumber()) {
                continue;
            }
            JsonNode usage = message.path("usage");
            try {
                cache.put(id.asLong(), new long[] {count(usage, "cacheCreationInputTokens"), count(usage, "cacheReadInputTokens")});
            } catch (IllegalArgumentException e) {
                cache.put(id.asLong(), new long[2]);
            }
        }
        return cache;
    }

    private static long count(JsonNode node, String field) {
        return TokenCount.readAddable(node.get(field), field);
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }
}
