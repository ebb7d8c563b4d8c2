package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;
import dev.llmcost.pricing.Providers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Qwen Code's chat recordings: {@code ~/.qwen/projects/PROJECT/chats/SESSION.jsonl} (exactly that depth), JSON
 * lines that only grow, one record each: {@code uuid}, {@code parentUuid}, {@code sessionId}, {@code timestamp},
 * {@code type} ({@code user}, {@code assistant}, {@code tool_result}, {@code system}), {@code cwd}, and on an
 * assistant record the {@code model} and Gemini's {@code usageMetadata} (Qwen Code is a fork of Gemini CLI).
 * Only {@code assistant} records are calls; {@code system} records of subtype {@code ui_telemetry} repeat the
 * usage in their {@code uiEvent} and are not. Tokens: {@code promptTokenCount} includes
 * {@code cachedContentTokenCount} (Gemini's meaning, and OpenAI's {@code prompt_tokens} that Qwen Code copies
 * into it), so input = prompt - cached; output is what {@code totalTokenCount} has beyond the prompt, the
 * thoughts ({@code thoughtsTokenCount}, shown apart as reasoning) included once (see {@link #tokens}). ccusage
 * counts the cached tokens twice (as input and as cache read) and, through OpenAI-compatible APIs, the thoughts
 * twice (docs/AGENTS.md, "Qwen Code").
 */
public final class QwenLog implements AgentLog {
    public static final String NAME = "qwen";
    private static final byte[] USAGE = Bytes.ascii("\"usageMetadata\"");

    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Qwen Code";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Chats are read from DIR/projects/*/chats/*.jsonl for each --root, else each directory in",
                "$QWEN_DATA_DIR (comma-separated), else ~/.qwen.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "QWEN_DATA_DIR", () -> List.of(Path.of(env.apply("HOME"), ".qwen")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        Path projects = root.resolve("projects");
        List<Path> files = new ArrayList<>();
        for (Path file : AgentLog.walk(projects, name -> name.endsWith(".jsonl"))) {
            Path relative = projects.relativize(file);
            if (relative.getNameCount() == 3 && relative.getName(1).toString().equals("chats")) {
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
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - ".jsonl".length());
        String projectDir = file.getParent().getParent().getFileName().toString();
        return (buf, off, len, position, out) -> line(buf, off, len, position, projectDir, projectDir + "-" + stem, file, out);
    }

    private static void line(byte[] buf, int off, int len, long position, String projectDir, String fileSession,
                             Path file, Consumer<AgentCall> out) throws UnreadableLine {
        if (!Bytes.contains(buf, off, len, USAGE)) {
            return;
        }
        JsonNode record;
        try {
            record = Json.MAPPER.readTree(buf, off, len);
        } catch (IOException | NumberFormatException e) {
            throw new UnreadableLine("not valid JSON");
        }
        if (record == null || !record.isObject() || !"assistant".equals(record.path("type").asText())
                || !record.path("usageMetadata").isObject()) {
            return;
        }
        Tokens tokens;
        try {
            tokens = tokens(record.get("usageMetadata"));
        } catch (IllegalArgumentException e) {
            throw new UnreadableLine(e.getMessage());
        }
        if (tokens.total() == 0) {
            return;
        }
        Instant dated = time(PiEntries.text(record, "timestamp"));
        Instant at = dated != null ? dated : modified(file);
        String session = PiEntries.text(record, "sessionId");
        session = session != null ? session : fileSession;
        String model = PiEntries.text(record, "model");
        model = model != null ? model : "unknown";
        String id = PiEntries.text(record, "uuid");
        String key = NAME + ":" + session + ":" + (id != null ? id : (dated != null ? dated.toEpochMilli() : "@" + position)
                + ":" + model + ":" + tokens.input() + ":" + tokens.output() + ":" + tokens.cacheRead());
        String project = PiEntries.project(PiEntries.text(record, "cwd"));
        out.accept(new AgentCall(key, at, provider(model), model, tokens, null, session,
                project != null ? project : projectDir, Map.of()));
    }

    /** Qwen's own models are priced as OpenRouter's {@code qwen/…}; other models by their name. */
    static String provider(String model) {
        String inferred = Providers.infer(model);
        return Providers.UNKNOWN.equals(inferred) && model.toLowerCase(java.util.Locale.ROOT).startsWith("qwen")
                ? "qwen" : inferred;
    }

    /**
     * {@code candidatesTokenCount} means two things: through Gemini's API it leaves out the thoughts and
     * {@code totalTokenCount} = prompt + candidates + thoughts; through an OpenAI-compatible API (Qwen Code's
     * usual one) it is {@code completion_tokens}, thoughts included, and the total is prompt + candidates. The
     * total tells them apart: output = total - prompt, at least the candidates; without a total, candidates +
     * thoughts.
     */
    static Tokens tokens(JsonNode usage) {
        long prompt = count(usage, "promptTokenCount");
        long candidates = count(usage, "candidatesTokenCount");
        long thoughts = count(usage, "thoughtsTokenCount");
        long cached = Math.min(count(usage, "cachedContentTokenCount"), prompt);
        long total = count(usage, "totalTokenCount");
        long output = total > 0 ? Math.max(candidates, total - prompt) : candidates + thoughts;
        return new Tokens(prompt - cached, output, 0, cached, Math.min(thoughts, output));
    }

    private static Instant time(String text) {
        try {
            return text == null ? null : Timestamps.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A record without a readable time is dated by its file's modification time (as ccusage). */
    private static Instant modified(Path file) throws UnreadableLine {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UnreadableLine("no readable timestamp");
        }
    }

    private static long count(JsonNode usage, String field) {
        return TokenCount.readAddable(usage.get(field), "usageMetadata." + field);
    }
}
