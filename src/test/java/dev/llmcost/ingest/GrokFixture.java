package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a Grok Build home ({@code sessions/<url-encoded cwd>/<session id>/updates.jsonl} + {@code summary.json})
 * the way Grok Build does, deterministic from a seed, with the format's traps: message, thought, tool and plan
 * chunks without usage (one quoting "turn_completed" in its text), turns that used two models ({@code modelUsage}
 * with two entries, the turn's own figures being their sum), a turn without {@code modelUsage} (the summary's
 * model), a model no price table knows, cached reads and cache writes inside {@code inputTokens}, a turn whose
 * cached count exceeds its input (clamped), an all-zero turn, a turn written twice (same eventId), a subagent
 * session that repeats its parent's turn (same eventId, another file), turns without an eventId (one written
 * twice), a turn whose {@code agentTimestampMs} is past midnight while its {@code timestamp} is not, a session
 * without summary.json, garbage and a truncated line, a file named otherwise and an archived session (not read).
 * Knows its own totals as llmcost stores them (input without cache, output with reasoning).
 */
public final class GrokFixture {
    public long calls;
    public long input;
    public long output;
    public long cacheWrite;
    public long cacheRead;
    public long reasoning;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODELS = {"grok-4.5-build", "grok-code-fast-1", "grok-4.3", "grok-experimental-9"};

    private final Path root;
    private final Random random;
    private int events;

    public GrokFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    /** One model's share of a turn: the four counts as Grok writes them (input includes both caches). */
    public record Usage(long input, long cached, long created, long output, long reasoning) {
        static Usage sum(List<Usage> parts) {
            return new Usage(parts.stream().mapToLong(Usage::input).sum(), parts.stream().mapToLong(Usage::cached).sum(),
                    parts.stream().mapToLong(Usage::created).sum(), parts.stream().mapToLong(Usage::output).sum(),
                    parts.stream().mapToLong(Usage::reasoning).sum());
        }
    }

    /** Writes the tree; returns the updates.jsonl the tests append to. */
    public Path write() throws IOException {
        Path appendTo = null;
        String[] cwds = {"/home/dev/web-shop", "/home/dev/api", "/home/dev/web-shop", "/srv/infra"};
        for (int s = 0; s < cwds.length; s++) {
            String id = sessionId(s);
            List<String> lines = new ArrayList<>();
            int day = 3 + s * 4;
            for (int t = 0; t < 5 + s; t++) {
                Instant at = Instant.parse(String.format("2026-11-%02dT%02d:%02d:00Z", day + t / 3, 8 + t * 2, 7 * t % 60));
                noise(lines, id, at);
                boolean twoModels = t % 4 == 3;
                lines.add(turn(id, at, "ev-" + (++events), twoModels ? models(2) : models(1), true));
            }
            Path file = session(cwds[s], id, lines, s != 3);
            appendTo = s == 1 ? file : appendTo;
        }
        traps();
        return appendTo;
    }

    private void traps() throws IOException {
        String id = sessionId(7);
        List<String> lines = new ArrayList<>();
        Instant at = Instant.parse("2026-11-21T09:00:00Z");
        noise(lines, id, at);
        String twice = turn(id, at, "ev-twice", models(1), true);
        lines.add(twice);
        lines.add(twice); // the same turn written again: counted once
        lines.add("not json at all");
        // no modelUsage: the summary's current_model_id
        lines.add(line(id, at.plusSeconds(60), "ev-nomodel", turnUpdate(new Usage(9000, 3000, 500, 700, 100), null), 0));
        count(new Usage(9000, 3000, 500, 700, 100));
        // more cached than input: cache read is clamped to the input, nothing left for cache write or input
        Map<String, Usage> odd = new LinkedHashMap<>();
        odd.put(MODELS[0], new Usage(400, 900, 50, 80, 0));
        lines.add(line(id, at.plusSeconds(120), "ev-clamp", turnUpdate(new Usage(400, 900, 50, 80, 0), odd), 0));
        count(new Usage(400, 400, 0, 80, 0));
        // all zero: no call
        Map<String, Usage> zero = Map.of(MODELS[1], new Usage(0, 0, 0, 0, 0));
        lines.add(line(id, at.plusSeconds(180), "ev-zero", turnUpdate(new Usage(0, 0, 0, 0, 0), zero), 0));
        // no eventId: keyed by session directory, time and counts; written twice, counted once
        String anonymous = line(id, at.plusSeconds(240), null, turnUpdate(null, counted(models(1))), 0);
        lines.add(anonymous);
        lines.add(anonymous);
        // agentTimestampMs (which wins) is past midnight, the line's own timestamp is not
        Instant late = Instant.parse("2026-11-22T23:59:58Z");
        lines.add(line(id, late, "ev-midnight", turnUpdate(null, counted(models(1))), 4000));
        lines.add(twice.substring(0, twice.length() / 2)); // a truncated line mid-file
        session("/home/dev/api", id, lines, true);

        // a subagent session that repeats its parent's turn (same eventId): counted once
        String child = sessionId(8);
        List<String> childLines = new ArrayList<>();
        childLines.add(twice.replace(id, child));
        childLines.add(turn(child, at.plusSeconds(30), "ev-child", models(1), true));
        session("/home/dev/api", child, childLines, true);

        // not read: another file name, and archived sessions
        Path other = root.resolve("sessions/x/" + sessionId(9) + "/chat_history.jsonl");
        Files.createDirectories(other.getParent());
        Files.writeString(other, turn(sessionId(9), at, "ev-other", models(1), false) + "\n");
        Path archived = root.resolve("archived_sessions/x/" + sessionId(10) + "/updates.jsonl");
        Files.createDirectories(archived.getParent());
        Files.writeString(archived, turn(sessionId(10), at, "ev-archived", models(1), false) + "\n");
    }

    /** Appends one completed turn (one model) to {@code file}; returns what llmcost stores for it. */
    public Usage append(Path file, Instant at) throws IOException {
        String id = file.getParent().getFileName().toString();
        Map<String, Usage> one = models(1);
        Files.writeString(file, turn(id, at, "ev-" + (++events), one, true) + "\n", StandardOpenOption.APPEND);
        Usage u = one.values().iterator().next();
        long read = Math.min(u.cached(), u.input());
        long write = Math.min(u.created(), u.input() - read);
        return new Usage(u.input() - read - write, read, write, u.output(), Math.min(u.reasoning(), u.output()));
    }

    private static String sessionId(int n) {
        return String.format("019f%04x-5a3c-7b21-9d4e-%012x", n, 0xa1b2c3L + n);
    }

    private Map<String, Usage> models(int count) {
        Map<String, Usage> models = new LinkedHashMap<>();
        int first = random.nextInt(MODELS.length);
        for (int m = 0; m < count; m++) {
            long input = 3000 + random.nextInt(60000);
            long cached = random.nextInt(10) < 7 ? random.nextLong(input / 2, input) : 0;
            long created = random.nextInt(10) < 3 ? random.nextLong(input - cached + 1) : 0;
            long reasoning = random.nextInt(3) == 0 ? 0 : random.nextInt(900);
            long output = reasoning + 1 + random.nextInt(2500);
            models.put(MODELS[(first + m) % MODELS.length], new Usage(input, cached, created, output, reasoning));
        }
        return models;
    }

    /** A turn_completed line; {@code counted} adds its calls to the totals. */
    private String turn(String session, Instant at, String eventId, Map<String, Usage> models, boolean counted) {
        return line(session, at, eventId, turnUpdate(null, counted ? counted(models) : models), 0);
    }

    private Map<String, Usage> counted(Map<String, Usage> models) {
        models.values().forEach(this::count);
        return models;
    }

    private void count(Usage u) {
        calls++;
        long read = Math.min(u.cached(), u.input());
        long write = Math.min(u.created(), u.input() - read);
        input += u.input() - read - write;
        cacheRead += read;
        cacheWrite += write;
        output += u.output();
        reasoning += Math.min(u.reasoning(), u.output());
    }

    private static ObjectNode usage(Usage u) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("apiDurationMs", 1000 + u.output());
        usage.put("cachedReadTokens", u.cached());
        usage.put("cacheCreationTokens", u.created());
        usage.put("costUsdTicks", (u.input() * 2 + u.output() * 10) * 1000);
        usage.put("costIsPartial", false);
        usage.put("inputTokens", u.input());
        usage.put("modelCalls", 1 + u.output() % 4);
        usage.put("outputTokens", u.output());
        usage.put("reasoningTokens", u.reasoning());
        usage.put("totalTokens", u.input() + u.output());
        return usage;
    }

    /** The turn_completed update; {@code turn} null means the sum of {@code models}; {@code models} null, none. */
    private static ObjectNode turnUpdate(Usage turn, Map<String, Usage> models) {
        ObjectNode usage = usage(turn != null ? turn : Usage.sum(new ArrayList<>(models.values())));
        if (models != null) {
            ObjectNode perModel = usage.putObject("modelUsage");
            models.forEach((model, u) -> perModel.set(model, usage(u)));
        }
        usage.put("numTurns", 1);
        usage.put("usageIsIncomplete", false);
        ObjectNode update = JSON.createObjectNode();
        update.put("prompt_id", "prompt-" + Integer.toHexString(usage.hashCode()));
        update.put("sessionUpdate", "turn_completed");
        update.put("stop_reason", "end_turn");
        update.set("usage", usage);
        return update;
    }

    /** One updates.jsonl line; {@code agentOffsetMs} moves {@code _meta.agentTimestampMs} from the line's time. */
    private static String line(String session, Instant at, String eventId, ObjectNode update, long agentOffsetMs) {
        ObjectNode line = JSON.createObjectNode();
        line.put("timestamp", at.getEpochSecond());
        line.put("method", "_x.ai/session/update");
        ObjectNode params = line.putObject("params");
        ObjectNode meta = params.putObject("_meta");
        if (eventId != null) {
            meta.put("eventId", eventId);
        }
        meta.put("agentTimestampMs", at.toEpochMilli() + agentOffsetMs);
        meta.put("turnStartMs", at.toEpochMilli() - 30_000);
        params.put("sessionId", session);
        params.set("update", update);
        return line.toString();
    }

    private static void noise(List<String> lines, String session, Instant at) {
        Instant start = at.minusSeconds(40);
        lines.add(chunk(session, start, "user_message_chunk", "{\"type\":\"text\",\"text\":\"why does turn_completed never arrive?\"}"));
        lines.add(chunk(session, start.plusSeconds(2), "agent_thought_chunk", "{\"type\":\"text\",\"text\":\"Reading\"}"));
        lines.add(chunk(session, start.plusSeconds(4), "agent_message_chunk", "{\"type\":\"text\",\"text\":\"Let me look\"}"));
        lines.add("{\"timestamp\":" + start.plusSeconds(5).getEpochSecond() + ",\"method\":\"_x.ai/session/update\",\"params\":"
                + "{\"_meta\":{\"eventId\":\"tool-" + start.getEpochSecond() + "\",\"updateType\":\"ToolCall\"},\"sessionId\":\""
                + session + "\",\"update\":{\"rawInput\":{\"target_file\":\"README.md\",\"limit\":80},\"sessionUpdate\":\"tool_call\","
                + "\"title\":\"read_file\",\"toolCallId\":\"call-1\"}}}");
        lines.add("{\"timestamp\":" + start.plusSeconds(6).getEpochSecond() + ",\"method\":\"_x.ai/session/update\",\"params\":"
                + "{\"sessionId\":\"" + session + "\",\"update\":{\"entries\":[{\"content\":\"fix\",\"priority\":\"medium\","
                + "\"status\":\"in_progress\"}],\"sessionUpdate\":\"plan\"}}}");
    }

    private static String chunk(String session, Instant at, String kind, String content) {
        return "{\"timestamp\":" + at.getEpochSecond() + ",\"method\":\"_x.ai/session/update\",\"params\":{\"_meta\":"
                + "{\"agentTimestampMs\":" + at.toEpochMilli() + ",\"chunkId\":1,\"totalTokens\":10811},\"sessionId\":\""
                + session + "\",\"update\":{\"content\":" + content + ",\"sessionUpdate\":\"" + kind + "\"}}}";
    }

    private Path session(String cwd, String id, List<String> lines, boolean withSummary) throws IOException {
        Path dir = root.resolve("sessions").resolve(URLEncoder.encode(cwd, StandardCharsets.UTF_8)).resolve(id);
        Files.createDirectories(dir);
        if (withSummary) {
            Files.writeString(dir.resolve("summary.json"), "{\"info\":{\"id\":\"" + id + "\",\"cwd\":\"" + cwd + "\"},"
                    + "\"current_model_id\":\"grok-4.5\",\"git_root_dir\":\"" + cwd + "\",\"session_summary\":\"fix it\"}");
        }
        Path file = dir.resolve("updates.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }
}
