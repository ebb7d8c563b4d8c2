package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a Droid sessions directory ({@code ~/.factory/sessions}), deterministic from a seed: per project directory
 * {@code <session id>.settings.json} (the session's running token totals, rewritten after each turn: only the last
 * version is on disk) beside {@code <session id>.jsonl} (messages, no usage), with the traps: a model named only in
 * the messages file, no {@code model} nor {@code providerLock}, no {@code providerLockTimestamp} (the file's time is
 * the call's), only {@code totalTokens}, a total above its parts, usage all zero, a settings file cut off mid-rewrite, a gateway provider with a model no
 * price table knows, a backup copy of a session under another directory, torn lines in a messages file, and one
 * session still running (written just now: ccusage counts its running totals, llmcost waits until it is quiet).
 * Every other file's time is set in the past. Knows its own totals.
 */
public final class DroidFixture {
    /** Per UTC day, counted by llmcost: calls, input, output (thinking and total's surplus included), cache write, cache read. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    /** The same figures for the session still running: ccusage counts it, llmcost not yet. */
    public final Map<String, long[]> runningByDay = new TreeMap<>();
    public long calls;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] MODELS = {
            {"Claude-Sonnet-4.5-[Anthropic]", "anthropic"}, {"custom:GPT-5-[OpenAI]-0", "openai"},
            {"gemini-2.5-pro", "google"}, {"Claude Opus 4.1", "anthropic"}};

    private final Path root;
    private final Random random;
    private int counter;

    public DroidFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    public void write() throws IOException {
        String[] projects = {"-home-dev-web-shop", "-home-dev-api"};
        for (int s = 0; s < 8; s++) {
            String[] model = MODELS[s % MODELS.length];
            ObjectNode settings = settings(model[0], model[1], time(3 + s * 3));
            session(projects[s % 2], settings, null, byDay);
        }
        ObjectNode sidecarOnly = settings(null, "anthropic", time(5));
        session(projects[0], sidecarOnly, "{\"type\":\"message\",\"message\":{\"role\":\"system\",\"content\":"
                + "\"Model: Claude Opus 4.5 Thinking [Anthropic]\"}}", byDay);
        ObjectNode nothing = settings(null, null, time(6));
        nothing.remove("providerLock");
        session(projects[1], nothing, "{\"type\":\"message\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n{\"type\":\"mess", byDay);
        ObjectNode noTime = settings(MODELS[0][0], "anthropic", null);
        Path file = session(projects[1], noTime, null, null);
        setTime(file, "2026-11-09T22:10:00.000Z");
        add(byDay, "2026-11-09", noTime.get("tokenUsage"));
        ObjectNode gateway = settings("glm-4.6", "generic-chat-completion-api", time(18));
        gateway.put("apiProviderLock", "fireworks");
        session(projects[0], gateway, null, byDay);
        ObjectNode totalOnly = settings(MODELS[1][0], "openai", time(20));
        totalOnly.set("tokenUsage", JSON.createObjectNode().put("totalTokens", 4321));
        session(projects[0], totalOnly, null, byDay);
        ObjectNode surplus = settings(MODELS[2][0], "google", time(21));
        ObjectNode usage = (ObjectNode) surplus.get("tokenUsage");
        usage.put("totalTokens", sum(usage) + 55);
        session(projects[1], surplus, null, byDay);
        session(projects[1], settings(MODELS[0][0], "anthropic", time(22)).put("tokenUsage", (String) null), null, null);
        ObjectNode zero = settings(MODELS[0][0], "anthropic", time(22));
        zero.set("tokenUsage", JSON.createObjectNode().put("inputTokens", 0).put("outputTokens", 0));
        session(projects[1], zero, null, null);
        // a backup copy of a session: the same id elsewhere counts once
        ObjectNode original = settings(MODELS[3][0], "anthropic", time(24));
        Path kept = session(projects[0], original, null, byDay);
        Path copy = root.resolve("archive").resolve(kept.getFileName());
        Files.createDirectories(copy.getParent());
        Files.copy(kept, copy);
        setTime(copy, "2026-11-29T12:00:00.000Z");
        Path torn = root.resolve(projects[1]).resolve("ffffffff-1111-4222-8333-000000000999.settings.json");
        Files.writeString(torn, "{\"model\":\"gpt-5\",\"tokenUsage\":{\"inputTok");
        setTime(torn, "2026-11-25T10:00:00.000Z");
        ObjectNode running = settings(MODELS[0][0], "anthropic", time(26));
        Path live = session(projects[0], running, null, null);
        Files.setLastModifiedTime(live, FileTime.from(Instant.now()));
        add(runningByDay, running.path("providerLockTimestamp").asText().substring(0, 10), running.get("tokenUsage"));
    }

    /** Adds one finished session (one call) at {@code time}. */
    public void appendCall(String time, String model, String provider) throws IOException {
        session("-home-dev-api", settings(model, provider, time), null, byDay);
    }

    private ObjectNode settings(String model, String provider, String time) {
        ObjectNode settings = JSON.createObjectNode();
        if (model != null) {
            settings.put("model", model);
        }
        settings.put("reasoningEffort", "medium").put("autonomyMode", "auto-low");
        settings.put("providerLock", provider);
        if (time != null) {
            settings.put("providerLockTimestamp", time);
        }
        boolean thinking = counter % 3 == 0;
        settings.putObject("tokenUsage").put("inputTokens", 100 + random.nextInt(90000))
                .put("outputTokens", random.nextInt(40000)).put("cacheCreationTokens", random.nextInt(200000))
                .put("cacheReadTokens", random.nextInt(3_000_000)).put("thinkingTokens", thinking ? random.nextInt(9000) : 0);
        return settings;
    }

    private Path session(String project, ObjectNode settings, String messages, Map<String, long[]> counted) throws IOException {
        String id = String.format("%08x-1111-4222-8333-%012d", 0xd0000 + counter, counter);
        counter++;
        Path dir = root.resolve(project);
        Files.createDirectories(dir);
        Path file = dir.resolve(id + ".settings.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(settings));
        Files.writeString(dir.resolve(id + ".jsonl"), messages != null ? messages
                : "{\"type\":\"session_start\",\"id\":\"" + id + "\",\"title\":\"work\"}\n");
        String time = settings.path("providerLockTimestamp").asText("2026-11-01T00:00:00.000Z");
        setTime(file, time);
        if (counted != null) {
            add(counted, time.substring(0, 10), settings.get("tokenUsage"));
        }
        return file;
    }

    private static void setTime(Path file, String time) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(time)));
    }

    private static long sum(ObjectNode usage) {
        long sum = 0;
        for (String field : new String[] {"inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens", "thinkingTokens"}) {
            sum += usage.path(field).asLong();
        }
        return sum;
    }

    private void add(Map<String, long[]> into, String day, com.fasterxml.jackson.databind.JsonNode usage) {
        long input = usage.path("inputTokens").asLong();
        long output = usage.path("outputTokens").asLong();
        long write = usage.path("cacheCreationTokens").asLong();
        long read = usage.path("cacheReadTokens").asLong();
        long thinking = usage.path("thinkingTokens").asLong();
        long total = usage.path("totalTokens").asLong();
        long[] row = into.computeIfAbsent(day, d -> new long[5]);
        row[0]++;
        row[1] += input;
        row[2] += output + thinking + Math.max(0, total - input - output - write - read - thinking);
        row[3] += write;
        row[4] += read;
        if (into == byDay) {
            calls++;
        }
    }

    private String time(int day) {
        return String.format("2026-11-%02dT%02d:%02d:%02d.%03dZ", day, random.nextInt(24), random.nextInt(60),
                random.nextInt(60), random.nextInt(1000));
    }
}
