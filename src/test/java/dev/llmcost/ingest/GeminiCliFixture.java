package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a Gemini CLI data tree ({@code ~/.gemini/tmp}) the way gemini-cli's ChatRecordingService does,
 * deterministic from a seed, with the format's traps: the same message appended again when its tokens
 * arrive and when tool calls are added (first copy without tokens), {@code $set} and {@code $rewindTo}
 * lines, user/info/error messages, a message whose usage is all zero, legacy pretty-printed {@code .json}
 * sessions, a legacy session resumed into a {@code .jsonl} that copies all its messages, a subagent file
 * under its parent's directory, an unfinished last line, and JSON files outside {@code chats/} that are no
 * conversation. Knows its own totals per UTC day, and what ccusage counts twice (the copied messages).
 */
public final class GeminiCliFixture {
    /** Per UTC day: calls, input (uncached + tool), output (candidates + thoughts), cache read, reasoning. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    /** Per UTC day, the same five figures for the messages a resumed legacy session copied: ccusage counts them again. */
    public final Map<String, long[]> copiedByDay = new TreeMap<>();
    public long calls;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODELS = {"gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-pro-preview"};

    private final Path root;
    private final Random random;
    private int counter;

    public GeminiCliFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    /** Writes the tree; returns the JSONL session the tests append to. */
    public Path write() throws IOException {
        Path web = project("web-shop", "/home/dev/web-shop");
        Path api = project("api", "/home/dev/api");
        Path legacy = root.resolve("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d08c15b0f00a0");
        Files.createDirectories(legacy.resolve("chats"));
        Files.writeString(legacy.resolve("logs.json"), "[{\"sessionId\":\"x\",\"messageId\":0,\"type\":\"user\","
                + "\"message\":\"hi\",\"timestamp\":\"2026-11-10T08:00:00.000Z\"}]");
        Files.createDirectories(web.resolve("checkpoints"));
        Files.writeString(web.resolve("checkpoints/checkpoint-a.json"), "{\"history\":[],\"toolCall\":{\"name\":\"edit\"}}");

        Path appendTo = null;
        for (int s = 0; s < 4; s++) {
            Path file = jsonlSession(s % 2 == 0 ? web : api, "sess-jsonl-" + s, 10 + s, 6 + s, s == 3);
            appendTo = s == 1 ? file : appendTo;
        }
        legacySession(legacy, "sess-legacy-0", 11, 5, false);
        // resumed: gemini-cli copies a legacy session's messages into SAME.jsonl and goes on there
        List<ObjectNode> copied = legacySession(api, "sess-legacy-resumed", 12, 4, true);
        Path resumed = api.resolve("chats/session-2026-11-12T09-00-sess-leg.jsonl");
        List<String> lines = new ArrayList<>();
        lines.add(metadata("sess-legacy-resumed", "2026-11-12T09:00:00.000Z", null));
        for (ObjectNode message : copied) {
            lines.add(JSON.writeValueAsString(message));
            if (message.has("tokens") && !message.path("tokens").isNull()) {
                add(copiedByDay, message);
            }
        }
        lines.add("{\"$set\":{\"sessionId\":\"sess-legacy-resumed\"}}");
        write(resumed, lines);
        appendCall(resumed, "2026-11-13T10:15:00.000Z", "gemini-2.5-pro");
        // a subagent, nested under its parent's session id
        Path sub = web.resolve("chats/sess-jsonl-0/sess-sub-0.jsonl");
        Files.createDirectories(sub.getParent());
        List<String> subLines = new ArrayList<>();
        subLines.add(metadata("sess-sub-0", "2026-11-10T12:00:00.000Z", "subagent"));
        write(sub, subLines);
        appendCall(sub, "2026-11-10T12:00:05.000Z", "gemini-2.5-flash");
        appendCall(sub, "2026-11-10T12:00:09.000Z", "gemini-2.5-flash");
        return appendTo;
    }

    private Path project(String slug, String path) throws IOException {
        Path dir = root.resolve(slug);
        Files.createDirectories(dir.resolve("chats"));
        Files.writeString(dir.resolve(".project_root"), path);
        return dir;
    }

    private Path jsonlSession(Path project, String session, int day, int turns, boolean tornLastLine) throws IOException {
        String start = String.format("2026-11-%02dT%02d:00:00.000Z", day, 6 + random.nextInt(4));
        Path file = project.resolve("chats/session-" + start.substring(0, 16).replace(':', '-') + "-" + session.substring(0, 8) + ".jsonl");
        List<String> lines = new ArrayList<>();
        lines.add(metadata(session, start, null));
        write(file, lines);
        for (int turn = 0; turn < turns; turn++) {
            String time = String.format("2026-11-%02dT%02d:%02d:%02d.%03dZ", day + turn % 3, 10 + random.nextInt(13),
                    random.nextInt(60), random.nextInt(60), random.nextInt(1000));
            List<String> more = new ArrayList<>();
            more.add(JSON.writeValueAsString(message("user", time, null, null)));
            if (turn == 2) {
                more.add(JSON.writeValueAsString(message("info", time, null, null)));
                more.add("{\"$rewindTo\":\"" + "m-user-rewound" + "\"}");
            }
            if (turn == 4) {
                more.add(JSON.writeValueAsString(message("error", time, null, null)));
                ObjectNode zero = message("gemini", time, MODELS[0], tokens(0, 0, 0, 0, 0));
                more.add(JSON.writeValueAsString(zero)); // a failed call: usage all zero, nothing billed
            }
            append(file, more);
            appendCall(file, time, MODELS[(turn + day) % MODELS.length]);
            append(file, List.of("{\"$set\":{\"lastUpdated\":\"" + time + "\"}}"));
        }
        if (tornLastLine) {
            Files.writeString(file, "{\"id\":\"m-torn\",\"timestamp\":\"2026-11-13T23:59:00.000Z\",\"type\":\"gemini\",\"tok",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        return file;
    }

    /** Appends one call as gemini-cli writes it: without tokens, again with tokens, again with a tool call. */
    public void appendCall(Path file, String time, String model) throws IOException {
        ObjectNode first = message("gemini", time, model, null);
        ObjectNode usage = randomTokens();
        ObjectNode withTokens = first.deepCopy();
        withTokens.set("tokens", usage);
        ObjectNode withTools = withTokens.deepCopy();
        withTools.putArray("toolCalls").addObject().put("id", "tool-" + counter).put("name", "read_file")
                .put("status", "success").put("timestamp", time);
        append(file, List.of(JSON.writeValueAsString(first), JSON.writeValueAsString(withTokens),
                JSON.writeValueAsString(withTools)));
        add(byDay, withTokens);
        calls++;
    }

    private List<ObjectNode> legacySession(Path project, String session, int day, int turns, boolean resumedLater)
            throws IOException {
        ObjectNode record = JSON.createObjectNode();
        String start = String.format("2026-11-%02dT08:00:00.000Z", day);
        record.put("sessionId", session).put("projectHash", "9f86d081").put("startTime", start).put("lastUpdated", start);
        var messages = record.putArray("messages");
        List<ObjectNode> written = new ArrayList<>();
        for (int turn = 0; turn < turns; turn++) {
            String time = String.format("2026-11-%02dT%02d:%02d:00.000Z", day, 8 + turn, random.nextInt(60));
            ObjectNode user = message("user", time, null, null);
            ObjectNode call = message("gemini", time, MODELS[turn % 2], randomTokens());
            messages.add(user);
            messages.add(call);
            written.add(user);
            written.add(call);
            add(byDay, call);
            calls++;
        }
        Path file = project.resolve("chats/session-" + start.substring(0, 16).replace(':', '-') + "-" + session.substring(0, 8) + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record));
        return resumedLater ? written : List.of();
    }

    private static String metadata(String session, String start, String kind) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("sessionId", session).put("projectHash", "hash-" + session).put("startTime", start).put("lastUpdated", start);
        if (kind != null) {
            meta.put("kind", kind);
        }
        return JSON.writeValueAsString(meta);
    }

    private ObjectNode message(String type, String time, String model, ObjectNode tokens) {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "m-" + type + "-" + (++counter)).put("timestamp", time).put("type", type);
        message.putArray("content").addObject().put("text", type + " text " + counter);
        if ("gemini".equals(type)) {
            message.putArray("thoughts");
            if (tokens != null) {
                message.set("tokens", tokens);
            }
            message.put("model", model);
        }
        return message;
    }

    private ObjectNode randomTokens() {
        long prompt = 2000 + random.nextInt(60000);
        long cached = random.nextInt(3) == 0 ? 0 : random.nextInt((int) prompt);
        long candidates = 1 + random.nextInt(2000);
        long thoughts = random.nextInt(2) == 0 ? 0 : random.nextInt(3000);
        long tool = random.nextInt(4) == 0 ? random.nextInt(500) : 0;
        return tokens(prompt, candidates, cached, thoughts, tool);
    }

    private static ObjectNode tokens(long prompt, long candidates, long cached, long thoughts, long tool) {
        ObjectNode tokens = JSON.createObjectNode();
        tokens.put("input", prompt).put("output", candidates).put("cached", cached).put("thoughts", thoughts)
                .put("tool", tool).put("total", prompt + candidates + thoughts + tool);
        return tokens;
    }

    private static void add(Map<String, long[]> days, ObjectNode message) {
        var t = message.get("tokens");
        String day = message.get("timestamp").asText().substring(0, 10);
        long[] sums = days.computeIfAbsent(day, d -> new long[5]);
        sums[0]++;
        sums[1] += t.get("input").asLong() - t.get("cached").asLong() + t.get("tool").asLong();
        sums[2] += t.get("output").asLong() + t.get("thoughts").asLong();
        sums[3] += t.get("cached").asLong();
        sums[4] += t.get("thoughts").asLong();
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardOpenOption.APPEND);
    }
}
