package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Codebuff (formerly Manicode): {@code <dir>/projects/<project>/chats/<chat id>/chat-messages.json}, {@code <dir>}
 * each of {@code $CODEBUFF_DATA_DIR} (comma-separated; a directory named {@code projects} is taken as it is), else
 * {@code ~/.config/manicode}, {@code manicode-dev} and {@code manicode-staging}. One JSON array per chat, rewritten
 * whole as the chat goes on (WHOLE mode). An assistant message ({@code variant}, else {@code role}: ai, agent or
 * assistant) carries usage in one or more places, read field by field in ccusage's order, the first non-zero value
 * winning: {@code metadata.usage}, {@code metadata.codebuff.usage}, then the assistant entries of
 * {@code metadata.runState.sessionState.mainAgentState.messageHistory}, newest first
 * ({@code providerOptions.usage}, {@code providerOptions.codebuff.usage}). Each usage object may name its fields the
 * AI SDK's, Anthropic's or OpenAI's way ({@code inputTokens}/{@code input_tokens}/{@code promptTokens}/…); cache read
 * is the largest of {@code cacheReadInputTokens} and {@code prompt(Tokens)Details.cached(Tokens)}, and what
 * {@code total(Tokens)} holds beyond the parts is output. Input is taken as it is (apart from the cache figures),
 * as ccusage does. Model: {@code metadata.model}, else a usage object's, else {@code codebuff-unknown}. Time: the
 * message's {@code timestamp}/{@code createdAt}/{@code metadata.timestamp} (text, or epoch seconds or ms), else the
 * chat id (a time, {@code 2026-11-10T08-30-00.000Z}), else the file's modification time. Key:
 * {@code codebuff:<channel>/<project>/<chat id>:<message id>}, else ccusage's own key of time, model, position and
 * counts. A message with credits but no tokens is no call here (nothing to price; ccusage lists it with 0 tokens).
 */
public final class CodebuffLog implements AgentLog {
    public static final String NAME = "codebuff";
    private static final String FILE = "chat-messages.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Codebuff";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Chats are read from DIR/projects/*/chats/*/chat-messages.json for each --root, else each directory in",
                "$CODEBUFF_DATA_DIR (comma-separated), else ~/.config/manicode, manicode-dev and manicode-staging.",
                "Codebuff has no command hook.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "CODEBUFF_DATA_DIR", () -> {
            Path config = Path.of(env.apply("HOME"), ".config");
            return List.of(config.resolve("manicode"), config.resolve("manicode-dev"), config.resolve("manicode-staging"));
        });
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        Path projects = root.getFileName() != null && root.getFileName().toString().equals("projects") ? root : root.resolve("projects");
        return AgentLog.walk(projects, FILE::equals);
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
                throw new UnsupportedOperationException("Codebuff chats are read whole");
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                byte[] bytes = Files.readAllBytes(path);
                JsonNode messages;
                try {
                    messages = JSON.readTree(bytes);
                } catch (IOException | NumberFormatException e) {
                    throw new UnreadableLine("not valid JSON");
                }
                calls(path, messages, Files.getLastModifiedTime(path).toInstant()).forEach(out);
            }
        };
    }

    /** The usage of one assistant message, as ccusage merges it. */
    record Usage(String model, long input, long output, long cacheWrite, long cacheRead, long extra, double credits) {
        static final Usage NONE = new Usage(null, 0, 0, 0, 0, 0, 0);

        /** Each field this usage lacks (zero, or no model) taken from {@code other}. */
        Usage or(Usage other) {
            return new Usage(model != null ? model : other.model, input != 0 ? input : other.input,
                    output != 0 ? output : other.output, cacheWrite != 0 ? cacheWrite : other.cacheWrite,
                    cacheRead != 0 ? cacheRead : other.cacheRead, extra != 0 ? extra : other.extra,
                    credits > 0 ? credits : other.credits);
        }

        boolean hasTokens() {
            return input + output + cacheWrite + cacheRead + extra > 0;
        }

        Tokens tokens() {
            return new Tokens(input, output + extra, cacheWrite, cacheRead, 0);
        }
    }

    static List<AgentCall> calls(Path file, JsonNode messages, Instant modified) {
        List<AgentCall> calls = new ArrayList<>();
        if (messages == null || !messages.isArray()) {
            return calls;
        }
        Path chatDir = file.getParent();
        String chat = name(chatDir, "unknown");
        Path projectDir = chatDir == null || chatDir.getParent() == null ? null : chatDir.getParent().getParent();
        String project = name(projectDir, "unknown");
        Path channelDir = projectDir == null || projectDir.getParent() == null ? null : projectDir.getParent().getParent();
        String session = name(channelDir, "manicode") + "/" + project + "/" + chat;
        Instant chatTime = chatIdTime(chat);
        int ordinal = -1;
        for (JsonNode message : messages) {
            ordinal++;
            if (!message.isObject() || !isAssistant(message)) {
                continue;
            }
            Usage usage = usage(message);
            if (!usage.hasTokens()) {
                continue;
            }
            Instant at = messageTime(message);
            at = at != null ? at : chatTime != null ? chatTime : modified;
            String model = usage.model() != null ? usage.model() : "codebuff-unknown";
            String id = text(message, "id");
            String key = id != null ? NAME + ":" + session + ":" + id
                    : NAME + ":" + session + ":" + at.toEpochMilli() + ":" + model + ":" + ordinal + ":" + usage.input() + ":"
                    + usage.output() + ":" + usage.cacheRead() + ":" + usage.cacheWrite() + ":" + usage.extra();
            calls.add(new AgentCall(key, at, null, model, usage.tokens(), null, chat, project, null));
        }
        return calls;
    }

    private static boolean isAssistant(JsonNode message) {
        String kind = text(message, "variant") != null ? text(message, "variant") : text(message, "role");
        return "ai".equals(kind) || "agent".equals(kind) || "assistant".equals(kind);
    }

    static Usage usage(JsonNode message) {
        Usage usage = Usage.NONE;
        JsonNode metadata = message.get("metadata");
        if (metadata != null && metadata.isObject()) {
            usage = new Usage(text(metadata, "model"), 0, 0, 0, 0, 0, 0)
                    .or(usageObject(metadata.get("usage")))
                    .or(usageObject(metadata.path("codebuff").get("usage")));
            Usage history = runStateUsage(metadata);
            if (history != null) {
                usage = usage.or(history);
            }
        }
        double credits = positive(message.get("credits"));
        if (credits > 0 && usage.credits() <= 0) {
            usage = new Usage(usage.model(), usage.input(), usage.output(), usage.cacheWrite(), usage.cacheRead(),
                    usage.extra(), credits);
        }
        return usage;
    }

    private static Usage runStateUsage(JsonNode metadata) {
        JsonNode history = metadata.path("runState").path("sessionState").path("mainAgentState").path("messageHistory");
        if (!history.isArray()) {
            return null;
        }
        Usage usage = Usage.NONE;
        boolean found = false;
        for (int i = history.size() - 1; i >= 0; i--) {
            JsonNode entry = history.get(i);
            JsonNode options = entry.get("providerOptions");
            if (!"assistant".equals(text(entry, "role")) || options == null || !options.isObject()) {
                continue;
            }
            Usage entryUsage = usageObject(options.get("usage"));
            JsonNode codebuff = options.get("codebuff");
            if (codebuff != null && codebuff.isObject()) {
                entryUsage = entryUsage.or(usageObject(codebuff.get("usage")));
                String model = text(codebuff, "model");
                if (model != null) {
                    entryUsage = new Usage(model, entryUsage.input(), entryUsage.output(), entryUsage.cacheWrite(),
                            entryUsage.cacheRead(), entryUsage.extra(), entryUsage.credits());
                }
            }
            found |= entryUsage.hasTokens() || entryUsage.credits() > 0 || entryUsage.model() != null;
            usage = usage.or(entryUsage);
        }
        return found ? usage : null;
    }

    static Usage usageObject(JsonNode record) {
        if (record == null || !record.isObject()) {
            return Usage.NONE;
        }
        long input = pick(record, "inputTokens", "input_tokens", "promptTokens", "prompt_tokens");
        long output = pick(record, "outputTokens", "output_tokens", "completionTokens", "completion_tokens");
        long read = Math.max(pick(record, "cacheReadInputTokens", "cache_read_input_tokens"),
                Math.max(pick(record.path("promptTokensDetails"), "cachedTokens"),
                        pick(record.path("prompt_tokens_details"), "cached_tokens")));
        long write = pick(record, "cacheCreationInputTokens", "cache_creation_input_tokens", "cacheCreationTokens",
                "cache_creation_tokens", "cachedTokensCreated", "cached_tokens_created");
        long missing = Math.max(0, pick(record, "totalTokens", "total_tokens", "total") - input - output - write - read);
        long extra = 0;
        if (output == 0) {
            output = missing;
        } else {
            extra = missing;
        }
        return new Usage(text(record, "model"), input, output, write, read, extra, positive(record.get("credits")));
    }

    /** The first of {@code fields} holding a positive whole number (others are passed over, as ccusage does). */
    private static long pick(JsonNode record, String... fields) {
        if (!record.isObject()) {
            return 0;
        }
        for (String field : fields) {
            JsonNode value = record.get(field);
            if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0
                    && value.asLong() <= Long.MAX_VALUE / 16) {
                return value.asLong();
            }
        }
        return 0;
    }

    private static double positive(JsonNode value) {
        return value != null && value.isNumber() && Double.isFinite(value.asDouble()) && value.asDouble() > 0 ? value.asDouble() : 0;
    }

    private static Instant messageTime(JsonNode message) {
        Instant at = time(message.get("timestamp"));
        if (at == null) {
            at = time(message.get("createdAt"));
        }
        if (at == null && message.path("metadata").isObject()) {
            at = time(message.path("metadata").get("timestamp"));
        }
        return at;
    }

    /** Text in ISO-8601, or epoch seconds (below 10^10) or milliseconds. */
    private static Instant time(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return parse(value.asText().trim());
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            long raw = value.asLong();
            long millis = raw < 10_000_000_000L ? raw * 1000 : raw;
            return millis > 0 && millis < 253_402_300_800_000L ? Instant.ofEpochMilli(millis) : null;
        }
        return null;
    }

    /** A chat id is its start time with {@code -} for {@code :}: {@code 2026-11-10T08-30-00.000Z}. */
    private static Instant chatIdTime(String chat) {
        int t = chat.indexOf('T');
        if (t < 0) {
            return null;
        }
        String time = chat.substring(t + 1).replaceFirst("-", ":").replaceFirst("-", ":");
        return parse(chat.substring(0, t) + "T" + time);
    }

    private static Instant parse(String text) {
        try {
            return Timestamps.parse(text);
        } catch (DateTimeException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static String name(Path dir, String otherwise) {
        return dir == null || dir.getFileName() == null || dir.getFileName().toString().isEmpty() ? otherwise : dir.getFileName().toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }
}
