package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a Qwen Code data directory ({@code ~/.qwen}), deterministic from a seed: {@code projects/PROJECT/chats/
 * SESSION.jsonl} chat recordings of user, assistant, tool_result and system records, with the traps: the two
 * meanings of {@code candidatesTokenCount} (through an OpenAI-compatible API it holds the thoughts, and the total is
 * prompt + candidates; through Gemini's it does not, and the total adds the thoughts), cached tokens inside
 * {@code promptTokenCount}, a {@code ui_telemetry} system record carrying a usage, a record repeated verbatim, an
 * assistant record without usage, a zero usage, a usage with only {@code totalTokenCount}, a record without a model,
 * an unknown model, a torn line, and JSONL files outside {@code chats/} or below it. Knows its totals per UTC day,
 * and how much more ccusage counts (the cached tokens as input too; OpenAI-style thoughts twice).
 */
public final class QwenFixture {
    public final FixtureDays days = new FixtureDays();
    /** Per UTC day, what ccusage counts beyond llmcost: input, output (everything beside input and cache), 0, 0. */
    public final Map<String, long[]> ccusageExtra = new TreeMap<>();

    private static final ObjectMapper JSON = new ObjectMapper();
    /** model, and whether its usage comes through an OpenAI-compatible API. */
    private static final String[][] MODELS = {{"qwen3-coder-plus", "openai"}, {"qwen3-max", "openai"},
            {"gemini-2.5-pro", "gemini"}, {"acme-local-7b", "openai"}};
    private static final String[] CWDS = {"/home/dev/web-shop", "/home/dev/api", "/srv/tools/infra"};

    private final Path root;
    private final Random random;
    private int counter;
    private String parent;
    private Path appendTo;
    private String appendSession;

    public QwenFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    public void write() throws IOException {
        for (int s = 0; s < 6; s++) {
            String cwd = CWDS[s % CWDS.length];
            String session = String.format("%08x-3333-4000-8000-%012d", 0xe0 + s, s);
            Path chats = root.resolve("projects").resolve(cwd.replace('/', '-')).resolve("chats");
            Instant at = Instant.parse(String.format("2026-11-%02dT%02d:%02d:00Z", 12 + s, 6 + random.nextInt(4), random.nextInt(60)));
            parent = null;
            List<String> lines = new ArrayList<>();
            for (int turn = 0; turn < 4 + s; turn++) {
                at = at.plus(Duration.ofMinutes(30 + random.nextInt(400)));
                ObjectNode user = record(session, "user", at, cwd);
                user.putObject("message").put("role", "user").putArray("parts").addObject().put("text", "fix it");
                lines.add(user.toString());
                String assistant = assistant(session, at.plusSeconds(4), cwd, s, turn, true);
                lines.add(assistant);
                if (s == 1 && turn == 2) {
                    lines.add(assistant);
                }
                if (s == 2 && turn == 1) {
                    lines.add(assistant(session, at.plusSeconds(6), cwd, -1, -1, false).substring(0, 100));
                }
                if (s == 3 && turn == 0) { // streamed, before its usage
                    ObjectNode partial = record(session, "assistant", at.plusSeconds(2), cwd).put("model", "qwen3-coder-plus");
                    partial.putObject("message").put("role", "model").putArray("parts").addObject().put("text", "thinking");
                    lines.add(partial.toString());
                }
                ObjectNode telemetry = record(session, "system", at.plusSeconds(5), cwd).put("subtype", "ui_telemetry");
                telemetry.putObject("systemPayload").putObject("uiEvent").put("event.name", "qwen-code.api_response")
                        .put("input_token_count", 100).putObject("usageMetadata").put("promptTokenCount", 100)
                        .put("totalTokenCount", 150);
                lines.add(telemetry.toString());
                ObjectNode tool = record(session, "tool_result", at.plusSeconds(8), cwd);
                tool.putObject("toolCallResult").put("callId", "call_" + turn).put("status", "success");
                lines.add(tool.toString());
            }
            Files.createDirectories(chats);
            Path file = chats.resolve(session + ".jsonl");
            Files.writeString(file, String.join("\n", lines) + "\n");
            if (s == 0) {
                appendTo = file;
                appendSession = session;
                String stray = assistant(session, at.plusSeconds(99), cwd, -1, -1, false) + "\n";
                Files.createDirectories(chats.resolve("subagent"));
                Files.writeString(chats.resolve("subagent/nested.jsonl"), stray);
                Files.writeString(chats.getParent().resolve("loose.jsonl"), stray);
            }
        }
    }

    /** Appends one assistant call to the first session; returns its input, output, cache write, cache read. */
    public long[] append() throws IOException {
        long[] before = days.total();
        String cwd = CWDS[0];
        Files.writeString(appendTo, assistant(appendSession, Instant.parse("2026-11-20T10:00:00Z"), cwd, 0, 20, true)
                + "\n", StandardOpenOption.APPEND);
        long[] after = days.total();
        return new long[] {after[1] - before[1], after[2] - before[2], after[3] - before[3], after[4] - before[4]};
    }

    private ObjectNode record(String session, String type, Instant at, String cwd) {
        String uuid = String.format("%08x-4444-4000-8000-%012d", ++counter, counter);
        ObjectNode record = JSON.createObjectNode().put("uuid", uuid);
        if (parent == null) {
            record.putNull("parentUuid");
        } else {
            record.put("parentUuid", parent);
        }
        parent = uuid;
        return record.put("sessionId", session).put("timestamp", at.toString()).put("type", type).put("cwd", cwd)
                .put("version", "0.6.0").put("gitBranch", "main");
    }

    private String assistant(String session, Instant at, String cwd, int s, int turn, boolean counts) {
        ObjectNode record = record(session, "assistant", at, cwd);
        String[] model = MODELS[Math.floorMod(s + turn, MODELS.length)];
        if (!(s == 4 && turn == 1)) { // one record names no model
            record.put("model", model[0]);
        }
        record.putObject("message").put("role", "model").putArray("parts").addObject().put("text", "done");
        ObjectNode usage = record.putObject("usageMetadata");
        boolean openai = model[1].equals("openai");
        long prompt = 200 + random.nextInt(40_000);
        long cached = random.nextInt(3) == 0 ? 0 : random.nextInt((int) prompt);
        long thoughts = model[0].equals("qwen3-max") || !openai ? random.nextInt(2000) : 0;
        long answer = 1 + random.nextInt(3000);
        long candidates = openai ? answer + thoughts : answer;
        long total = prompt + answer + thoughts;
        if (s == 5 && turn == 2) {
            prompt = cached = thoughts = candidates = total = 0;
        }
        if (s == 3 && turn == 4) {
            usage.put("totalTokenCount", total);
            prompt = cached = thoughts = candidates = 0;
        } else {
            usage.put("promptTokenCount", prompt).put("candidatesTokenCount", candidates).put("totalTokenCount", total)
                    .put("cachedContentTokenCount", cached);
            if (thoughts > 0) {
                usage.put("thoughtsTokenCount", thoughts);
            }
        }
        long output = total > 0 ? Math.max(candidates, total - prompt) : candidates + thoughts;
        if (counts && total > 0) {
            days.add(at, prompt - cached, output, 0, cached, Math.min(thoughts, output));
            long known = prompt + candidates + cached + thoughts;
            long theirOutput = candidates + thoughts + Math.max(0, total - known);
            long[] extra = ccusageExtra.computeIfAbsent(at.toString().substring(0, 10), d -> new long[4]);
            extra[0] += cached;
            extra[1] += theirOutput - output;
        }
        return record.toString();
    }
}
