package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes an Amp data directory ({@code ~/.local/share/amp}), deterministic from a seed: {@code threads/T-*.json}
 * documents in the current schema (usage on assistant messages) and in the ledger schema ({@code usageLedger.events}
 * whose cache figures come from the message {@code toMessageId} names, while those messages also carry usage
 * that must not count again), with the traps: user messages, assistant messages without usage or with usage all
 * zero, usage with only {@code totalTokens} or a total above its parts, an unknown model, a thread without an id,
 * a thread cut off mid-rewrite. Knows its own totals; {@link #appendCall} adds one call by rewriting a thread.
 */
public final class AmpFixture {
    /** Per UTC day: calls, input, output (total's surplus included), cache write, cache read. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    public long calls;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODELS = {"claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "gpt-5",
            "amp-experimental-unknown"};

    private final Path root;
    private final Random random;
    private final Map<Path, ObjectNode> threads = new LinkedHashMap<>();
    private int counter;

    public AmpFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    /** Writes the tree; returns a thread the tests add a call to. */
    public Path write() throws IOException {
        Path dir = root.resolve("threads");
        Files.createDirectories(dir);
        Path first = null;
        for (int t = 0; t < 4; t++) {
            Path file = dir.resolve(String.format("T-%08x-0000-4000-8000-%012d.json", 0xa0 + t, t));
            ObjectNode thread = thread("T-thread-" + t);
            threads.put(file, thread);
            for (int turn = 0; turn < 5 + t; turn++) {
                addMessageCall(thread, time(3 + t * 2 + turn % 3), MODELS[(t + turn) % MODELS.length], turn);
            }
            save(file);
            first = first == null ? file : first;
        }
        ledgerThread(dir.resolve("T-ledger-0000-4000-8000-000000000009.json"), "T-ledger", 12);
        ledgerThread(dir.resolve("T-ledger-0000-4000-8000-000000000010.json"), "T-ledger-b", 14);
        ObjectNode noId = thread("x");
        noId.remove("id");
        addMessage(noId, "assistant", usage(MODELS[0], time(15), 10, 20, 0, 0, 0));
        Files.writeString(dir.resolve("T-noid.json"), JSON.writeValueAsString(noId));
        ObjectNode torn = thread("T-torn");
        addMessage(torn, "assistant", usage(MODELS[0], time(16), 10, 20, 0, 0, 0));
        String text = JSON.writeValueAsString(torn);
        Files.writeString(dir.resolve("T-torn.json"), text.substring(0, text.length() / 2));
        return first;
    }

    /** Adds one assistant call to a thread, rewriting it whole as Amp does. */
    public void appendCall(Path file, String time, String model) throws IOException {
        addMessageCall(threads.get(file), time, model, 1);
        save(file);
    }

    private ObjectNode thread(String id) {
        ObjectNode thread = JSON.createObjectNode();
        thread.put("v", 42).put("id", id).put("created", 1_793_000_000_000L).put("title", "thread " + id);
        thread.putArray("messages");
        return thread;
    }

    private void addMessageCall(ObjectNode thread, String time, String model, int turn) {
        addMessage(thread, "user", null);
        if (turn == 2) {
            addMessage(thread, "assistant", null); // still streaming: no usage yet
            addMessage(thread, "assistant", usage(model, time, 0, 0, 0, 0, 0)); // failed before any usage
        }
        long input = 5 + random.nextInt(400);
        long output = random.nextInt(3000);
        long write = turn % 2 == 0 ? random.nextInt(9000) : 0;
        long read = random.nextInt(60000);
        ObjectNode usage;
        if (turn == 3) {
            long total = input + output + write + read;
            usage = JSON.createObjectNode().put("model", model).put("timestamp", time).put("totalTokens", total);
            add(time, 0, total, 0, 0); // only the total: all of it is output (ccusage's fallback)
        } else {
            long surplus = turn == 4 ? 77 : 0;
            usage = usage(model, time, input, output, write, read, input + output + write + read + surplus);
            add(time, input, output + surplus, write, read);
        }
        usage.put("credits", 0.5);
        addMessage(thread, "assistant", usage);
    }

    private void ledgerThread(Path file, String id, int day) throws IOException {
        ObjectNode thread = thread(id);
        ArrayNode events = thread.putObject("usageLedger").putArray("events");
        for (int turn = 0; turn < 4; turn++) {
            String time = time(day + turn % 2);
            long input = 10 + random.nextInt(500);
            long output = 1 + random.nextInt(2000);
            long write = random.nextInt(5000);
            long read = random.nextInt(40000);
            addMessage(thread, "user", null);
            // the message's own usage is the ledger event's again: only its cache figures are read
            int messageId = addMessage(thread, "assistant", usage(MODELS[turn % 3], time, 999, 999, write, read, 0));
            ObjectNode event = events.addObject();
            event.put("id", "evt-" + id + "-" + turn).put("timestamp", time).put("model", MODELS[turn % 3])
                    .put("credits", 1.25).put("operationType", "inference").put("fromMessageId", messageId - 1);
            if (turn == 3) {
                event.putObject("tokens").put("total", input + output);
                add(time, 0, input + output, 0, 0); // no toMessageId, only a total
            } else {
                event.put("toMessageId", messageId);
                event.putObject("tokens").put("input", input).put("output", output);
                add(time, input, output, write, read);
            }
        }
        threads.put(file, thread);
        save(file);
    }

    private int addMessage(ObjectNode thread, String role, ObjectNode usage) {
        ArrayNode messages = (ArrayNode) thread.get("messages");
        int id = messages.size();
        ObjectNode message = messages.addObject();
        message.put("role", role).put("messageId", id);
        message.putArray("content").addObject().put("type", "text").put("text", "text " + counter++);
        if (usage != null) {
            message.set("usage", usage);
        }
        return id;
    }

    private static ObjectNode usage(String model, String time, long input, long output, long write, long read, long total) {
        ObjectNode usage = JSON.createObjectNode().put("model", model).put("timestamp", time)
                .put("inputTokens", input).put("outputTokens", output)
                .put("cacheCreationInputTokens", write).put("cacheReadInputTokens", read)
                .put("totalInputTokens", input + write + read);
        if (total > 0) {
            usage.put("totalTokens", total);
        }
        return usage;
    }

    private String time(int day) {
        return String.format("2026-11-%02dT%02d:%02d:%02d.%03dZ", day, random.nextInt(24), random.nextInt(60),
                random.nextInt(60), random.nextInt(1000));
    }

    private void add(String time, long input, long output, long write, long read) {
        long[] day = byDay.computeIfAbsent(time.substring(0, 10), d -> new long[5]);
        day[0]++;
        day[1] += input;
        day[2] += output;
        day[3] += write;
        day[4] += read;
        calls++;
    }

    private void save(Path file) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(threads.get(file)));
    }
}
