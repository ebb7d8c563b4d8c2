package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a GitHub Copilot CLI home ({@code ~/.copilot}), deterministic from a seed:
 * {@code session-state/<session id>/events.jsonl} with session, message and tool events and a
 * {@code session.shutdown} per stay in the session ({@code modelMetrics}: one to three models, an unknown one among
 * them), with the traps: sessions resumed (more shutdowns in the same file, each with that stay's own figures),
 * the same shutdown line written twice, messages and tool commands holding the text {@code session.shutdown},
 * a model with usage all zero, a torn last line. Knows its own totals, and ccusage 20.0.24's, which counts of a
 * later shutdown only what it has above the previous one for the same model.
 */
public final class CopilotFixture {
    /** Per UTC day, as llmcost counts: calls, input (without cache), output, cache write, cache read. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    /** The same four token figures as ccusage counts them (index 0 unused). */
    public final Map<String, long[]> ccusageByDay = new TreeMap<>();
    public long calls;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODELS = {"claude-sonnet-4.5", "gpt-5", "gemini-2.5-pro", "claude-opus-4.5-1m-internal"};

    private final Path root;
    private final Random random;
    /** session/model → the last shutdown's {net input, output, cache write, cache read}, for ccusage's differences. */
    private final Map<String, long[]> previous = new HashMap<>();
    private int counter;

    public CopilotFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    /** Writes the tree; returns a session's events file the tests append a shutdown to. */
    public Path write() throws IOException {
        Path first = null;
        for (int s = 0; s < 7; s++) {
            Path file = root.resolve("session-state").resolve(String.format("%08x-aaaa-4bbb-8ccc-%012d", 0xc0 + s, s))
                    .resolve("events.jsonl");
            Files.createDirectories(file.getParent());
            int day = 2 + s * 3;
            List<String> lines = new ArrayList<>();
            lines.add("{\"type\":\"session.start\",\"id\":\"" + id() + "\",\"timestamp\":\"" + time(day, 8)
                    + "\",\"data\":{\"sessionId\":\"" + file.getParent().getFileName() + "\",\"version\":1,\"producer\":\"copilot-agent\"}}");
            lines.add("{\"type\":\"user.message\",\"id\":\"" + id() + "\",\"timestamp\":\"" + time(day, 8)
                    + "\",\"data\":{\"content\":\"why does session.shutdown not fire?\"}}");
            lines.add("{\"type\":\"tool.execution_start\",\"id\":\"" + id() + "\",\"timestamp\":\"" + time(day, 8)
                    + "\",\"data\":{\"toolName\":\"bash\",\"arguments\":{\"command\":\"grep '\\\"session.shutdown\\\"' events.jsonl\"}}}");
            lines.add(shutdown(file, time(day, 9), 1 + s % 3, s));
            if (s % 2 == 1) {
                lines.add(lines.get(lines.size() - 1)); // the same shutdown written twice
            }
            if (s % 3 == 0) {
                // resumed the next day: a new process, its figures start again
                lines.add("{\"type\":\"session.resume\",\"id\":\"" + id() + "\",\"timestamp\":\"" + time(day + 1, 8) + "\",\"data\":{}}");
                lines.add(shutdown(file, time(day + 1, 18), 1 + s % 3, s));
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
            if (s == 4) {
                Files.writeString(file, "{\"type\":\"session.shutdown\",\"id\":\"torn\",\"timestamp\":\"2026-11-20T",
                        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            first = first == null ? file : first;
        }
        return first;
    }

    /** Appends one shutdown with one model (one call) to a session's events. */
    public void appendCall(Path file, String time, String model) throws IOException {
        ObjectNode event = event(time);
        metrics(file, (ObjectNode) event.get("data").get("modelMetrics"), model, time);
        Files.writeString(file, JSON.writeValueAsString(event) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private String shutdown(Path file, String time, int models, int session) throws IOException {
        ObjectNode event = event(time);
        ObjectNode metrics = (ObjectNode) event.get("data").get("modelMetrics");
        for (int m = 0; m < models; m++) {
            metrics(file, metrics, MODELS[(session + m) % MODELS.length], time);
        }
        if (session == 2) {
            ObjectNode idle = metrics.putObject("gpt-4.1");
            idle.putObject("requests").put("count", 0).put("cost", 0);
            idle.putObject("usage").put("inputTokens", 0).put("outputTokens", 0).put("cacheReadTokens", 0).put("cacheWriteTokens", 0);
        }
        return JSON.writeValueAsString(event);
    }

    private ObjectNode event(String time) {
        ObjectNode event = JSON.createObjectNode().put("type", "session.shutdown").put("id", id()).put("timestamp", time);
        ObjectNode data = event.putObject("data").put("shutdownType", "routine").put("totalPremiumRequests", 3);
        data.putObject("modelMetrics");
        return event;
    }

    private void metrics(Path file, ObjectNode metrics, String model, String time) {
        long read = random.nextInt(400_000);
        long write = model.startsWith("claude") ? random.nextInt(30_000) : 0;
        long net = 100 + random.nextInt(20_000);
        long output = 10 + random.nextInt(9_000);
        long reasoning = model.startsWith("gpt") ? random.nextInt((int) output) : 0;
        ObjectNode entry = metrics.putObject(model);
        entry.putObject("requests").put("count", 1 + random.nextInt(30)).put("cost", 1);
        entry.putObject("usage").put("inputTokens", net + read + write).put("outputTokens", output)
                .put("cacheReadTokens", read).put("cacheWriteTokens", write).put("reasoningTokens", reasoning);
        long[] now = {net, output, write, read};
        String day = time.substring(0, 10);
        long[] ours = byDay.computeIfAbsent(day, d -> new long[5]);
        ours[0]++;
        long[] theirs = ccusageByDay.computeIfAbsent(day, d -> new long[5]);
        long[] before = previous.getOrDefault(file + "/" + model, new long[4]);
        for (int i = 0; i < 4; i++) {
            ours[i + 1] += now[i];
            theirs[i + 1] += Math.max(0, now[i] - before[i]);
        }
        previous.put(file + "/" + model, now);
        calls++;
    }

    private String id() {
        return String.format("%08x-0000-4000-8000-%012d", 0xe000 + counter, counter++);
    }

    private String time(int day, int hour) {
        return String.format("2026-11-%02dT%02d:%02d:%02d.%03dZ", day, hour, random.nextInt(60), random.nextInt(60),
                random.nextInt(1000));
    }
}
