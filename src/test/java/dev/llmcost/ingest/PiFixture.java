package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a pi-agent sessions directory ({@code ~/.pi/agent/sessions}), deterministic from a seed:
 * {@code --<cwd>--/<time>_<uuid>.jsonl} files of session header, model and thinking-level changes, user, assistant
 * and toolResult messages, with the traps: an assistant line repeated verbatim, an aborted turn with all-zero
 * usage, a usage with only {@code totalTokens}, a {@code totalTokens} above its parts, a torn line, a call whose
 * message time is the day before its entry time (the entry's counts), a {@code custom_message} and a
 * {@code compaction} entry carrying usage-like fields (not calls), an unknown model, pi's own cost on some
 * calls, an unfinished last line, a session forked from another (its first entries copied unchanged, its own
 * entries chained on from the last copy; each copied call counts once) and a {@code subagent-artifacts} directory (not read). Knows its own totals per UTC day.
 */
public final class PiFixture {
    public final FixtureDays days = new FixtureDays();
    /**
     * Per UTC day, what ccusage counts beyond llmcost (input, output, cache write, cache read): nothing, now that
     * the fork is chained as pi writes it (ccusage 20.0.24 then counts its copies once, as llmcost does).
     */
    public final Map<String, long[]> ccusageExtra = new TreeMap<>();
    /** How many calls the forked session copied from its parent (each counted once by both tools). */
    public long forkCopiedCalls;
    /** Each counted assistant line: its time in milliseconds, input, output, cache write, cache read. */
    private final Map<String, long[]> callOf = new HashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] MODELS = {{"anthropic", "claude-sonnet-4-5"}, {"openai", "gpt-5"},
            {"google", "gemini-2.5-pro"}, {"openai-codex", "gpt-5.1-codex"}, {"acme", "acme-coder-9"}};
    private static final String[] CWDS = {"/home/dev/web-shop", "/home/dev/api", "/srv/tools/infra"};

    private final Path root;
    private final Random random;
    private int counter;
    private Path appendTo;
    private String lastId;

    public PiFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    /** The sessions directory (what PI_AGENT_DIR names). */
    public Path root() {
        return root;
    }

    public void write() throws IOException {
        for (int s = 0; s < 6; s++) {
            String cwd = CWDS[s % CWDS.length];
            Instant start = Instant.parse(String.format("2026-11-%02dT%02d:%02d:00Z", 10 + s, 6 + random.nextInt(4),
                    random.nextInt(60)));
            String session = String.format("%08x-1111-4000-8000-%012d", 0xa0 + s, s);
            Path file = root.resolve("--" + cwd.substring(1).replace('/', '-') + "--")
                    .resolve(start.toString().replace(':', '-').replace("Z", "-000Z") + "_" + session + ".jsonl");
            List<String> lines = new ArrayList<>();
            ObjectNode header = JSON.createObjectNode().put("type", "session").put("version", 3).put("id", session)
                    .put("timestamp", start.toString()).put("cwd", cwd);
            lines.add(header.toString());
            lastId = null;
            lines.add(entry("model_change", start).put("provider", "anthropic").put("modelId", "claude-sonnet-4-5").toString());
            lines.add(entry("thinking_level_change", start).put("thinkingLevel", "medium").toString());
            Instant at = start;
            for (int turn = 0; turn < 4 + s; turn++) {
                at = at.plus(Duration.ofMinutes(30 + random.nextInt(300)));
                if (s == 3 && turn == 2) {
                    at = Instant.parse("2026-11-13T23:59:59.600Z");
                }
                ObjectNode user = entry("message", at);
                user.putObject("message").put("role", "user").put("content", "step " + turn).put("timestamp", at.toEpochMilli());
                lines.add(user.toString());
                String[] model = MODELS[(s + turn) % MODELS.length];
                String assistant = assistant(at, model, s, turn);
                lines.add(assistant);
                if (s == 0 && turn == 1) {
                    lines.add(assistant); // written twice: counted once
                }
                if (s == 3 && turn == 1) {
                    lines.add(assistant(at.plusSeconds(5), model, -1, -1).substring(0, 90)); // torn: not counted
                }
                ObjectNode tool = entry("message", at.plusSeconds(3));
                tool.putObject("message").put("role", "toolResult").put("toolCallId", "call_" + turn)
                        .put("toolName", "bash").put("isError", false).put("timestamp", at.plusSeconds(3).toEpochMilli());
                lines.add(tool.toString());
            }
            if (s == 4) {
                ObjectNode custom = entry("custom_message", at.plusSeconds(60));
                custom.putObject("message").put("role", "assistant").putObject("usage").put("input", 999).put("output", 999);
                lines.add(custom.toString());
                lines.add(entry("compaction", at.plusSeconds(90)).put("summary", "usage so far").put("tokensBefore", 120_000)
                        .put("firstKeptEntryId", "x").toString());
            }
            Files.createDirectories(file.getParent());
            String text = String.join("\n", lines) + "\n";
            if (s == 5) {
                text += assistant(at.plusSeconds(600), MODELS[0], -1, -1).substring(0, 120); // pi is still writing it
            }
            Files.writeString(file, text);
            if (s == 0) {
                appendTo = file;
            }
            if (s == 1) {
                fork(file, lines, at);
            }
        }
        Path artifacts = root.resolve("--home-dev-api--/subagent-artifacts");
        Files.createDirectories(artifacts);
        Files.writeString(artifacts.resolve("run-1.jsonl"), assistant(Instant.parse("2026-11-12T12:00:00Z"), MODELS[1], -1, -1) + "\n");
    }

    /** pi's /fork: a new session file whose header names the parent, the parent's first entries copied unchanged. */
    private void fork(Path parent, List<String> parentLines, Instant after) throws IOException {
        String session = "0000f0f0-1111-4000-8000-000000000099";
        Instant start = after.plusSeconds(3600);
        List<String> lines = new ArrayList<>();
        lines.add(JSON.createObjectNode().put("type", "session").put("version", 3).put("id", session)
                .put("timestamp", start.toString()).put("cwd", CWDS[1]).put("parentSession", parent.toString()).toString());
        for (String line : parentLines.subList(1, parentLines.size() * 2 / 3)) {
            lines.add(line);
            if (callOf.containsKey(line)) {
                forkCopiedCalls++;
            }
            JsonNode copied = JSON.readTree(line);
            if (copied.hasNonNull("id")) {
                lastId = copied.get("id").asText(); // the fork's own entries continue the copied chain, as pi writes it
            }
        }
        lines.add(assistant(start.plusSeconds(60), MODELS[0], 1, 10));
        lines.add(assistant(start.plusSeconds(600), MODELS[1], 1, 11));
        Files.writeString(parent.resolveSibling(start.toString().replace(':', '-').replace("Z", "-000Z") + "_" + session
                + ".jsonl"), String.join("\n", lines) + "\n");
    }

    /** Appends one assistant call to the first session; returns its input, output, cache write, cache read. */
    public long[] append() throws IOException {
        Instant at = Instant.parse("2026-11-20T10:00:00.000Z");
        long[] total = days.total();
        Files.writeString(appendTo, assistant(at, MODELS[0], 0, 9) + "\n", StandardOpenOption.APPEND);
        long[] after = days.total();
        return new long[] {after[1] - total[1], after[2] - total[2], after[3] - total[3], after[4] - total[4]};
    }

    private ObjectNode entry(String type, Instant at) {
        String id = String.format("%08x", ++counter);
        ObjectNode entry = JSON.createObjectNode().put("type", type).put("id", id);
        if (lastId == null) {
            entry.putNull("parentId");
        } else {
            entry.put("parentId", lastId);
        }
        lastId = id;
        return entry.put("timestamp", at.plusMillis(400 + random.nextInt(800)).toString());
    }

    /** An assistant message entry; counts it unless {@code session} is -1 (a line that is no call). */
    private String assistant(Instant at, String[] model, int session, int turn) {
        ObjectNode entry = entry("message", at);
        Instant entryAt = Instant.parse(entry.get("timestamp").asText());
        ObjectNode message = entry.putObject("message");
        message.put("role", "assistant").put("api", "anthropic-messages").put("provider", model[0]).put("model", model[1]);
        message.putArray("content").addObject().put("type", "text").put("text", "done");
        ObjectNode usage = message.putObject("usage");
        long input = 1 + random.nextInt(6000);
        long output = 1 + random.nextInt(3000);
        long read = model[0].startsWith("openai") || model[0].equals("anthropic") ? random.nextInt(90_000) : random.nextInt(3) * 1000L;
        long write = model[0].equals("anthropic") ? random.nextInt(12_000) : 0;
        long reasoning = model[0].equals("openai-codex") ? random.nextInt((int) output) : 0;
        long total = input + output + read + write;
        long counted = output;
        if (session == 1 && turn == 2) { // aborted before any usage
            input = output = read = write = total = reasoning = counted = 0;
            message.put("stopReason", "aborted");
        } else if (session == 2 && turn == 3) { // the provider's total has more than the parts
            total += 777;
            counted = output + 777;
        }
        if (session == 2 && turn == 0) { // only a total
            usage.put("totalTokens", total);
            input = read = write = reasoning = 0;
            counted = total;
        } else {
            usage.put("input", input).put("output", output).put("cacheRead", read).put("cacheWrite", write)
                    .put("totalTokens", total);
            if (reasoning > 0) {
                usage.put("reasoning", reasoning);
            }
            if (turn % 2 == 0) {
                usage.putObject("cost").put("input", 0.001).put("output", 0.002).put("cacheRead", 0).put("cacheWrite", 0)
                        .put("total", 0.003);
            }
        }
        message.put("stopReason", message.has("stopReason") ? "aborted" : "stop").put("timestamp", at.toEpochMilli());
        if (session >= 0 && counted + input + read + write > 0) {
            days.add(entryAt, input, counted, write, read, reasoning);
            callOf.put(entry.toString(), new long[] {entryAt.toEpochMilli(), input, counted, write, read});
        }
        return entry.toString();
    }
}
