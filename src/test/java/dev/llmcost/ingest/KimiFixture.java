package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a Kimi CLI data directory ({@code ~/.kimi}), deterministic from a seed: {@code config.json} naming the
 * model and {@code sessions/GROUP/SESSION/wire.jsonl} wire logs (metadata, TurnBegin, StepBegin, ContentPart,
 * ToolCall, StatusUpdate, TurnEnd), with the traps: status updates without {@code token_usage} (context only), a
 * status repeated verbatim, a zero usage, a usage with only {@code total}, a {@code total} above its parts, a status
 * without {@code message_id}, one without a time (the file's modification time dates it), a time whose fraction is
 * cut to the millisecond rather than rounded (at 23:59:59.9996), a torn line, a subagent's
 * {@code subagents/TASK/wire.jsonl}, and a {@code context.jsonl} and a {@code wire.jsonl} at another depth that
 * are not read; and a Kimi Code session ({@code agents/main} and a subagent's {@code agents/NAME}) of
 * {@code usage.record} lines, with a {@code session}-scope sum and a record without scope that are no calls.
 * Knows its totals per UTC day.
 */
public final class KimiFixture {
    public final FixtureDays days = new FixtureDays();
    public static final String MODEL = "kimi-k2-turbo-preview";
    static final Instant UNDATED = Instant.parse("2026-11-08T12:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Random random;
    private int counter;
    private Path appendTo;

    public KimiFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    public void write() throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("config.json"), "{\"model\":\"" + MODEL + "\",\"max_steps_per_run\":100}");
        Path undated = null;
        for (int s = 0; s < 6; s++) {
            Path dir = root.resolve("sessions").resolve(String.format("%032x", 0xabcdef00L + s % 3))
                    .resolve(String.format("%08x-5555-4000-8000-%012d", 0xf0 + s, s));
            Instant at = Instant.parse(String.format("2026-11-%02dT%02d:%02d:00Z", 4 + s, 6 + random.nextInt(4), random.nextInt(60)));
            List<String> lines = new ArrayList<>();
            lines.add("{\"type\":\"metadata\",\"protocol_version\":\"1.3\"}");
            for (int turn = 0; turn < 4 + s; turn++) {
                at = at.plus(Duration.ofMinutes(30 + random.nextInt(400)));
                lines.add(wire(at, "TurnBegin", JSON.createObjectNode().put("user_input", "turn " + turn)));
                lines.add(wire(at.plusMillis(50), "StepBegin", JSON.createObjectNode().put("n", 1)));
                lines.add(wire(at.plusMillis(900), "ContentPart", JSON.createObjectNode().put("type", "text").put("text", "ok")));
                lines.add(wire(at.plusMillis(950), "ToolCall", JSON.createObjectNode().put("type", "function").put("id", "t" + turn)));
                String status = status(at.plusSeconds(1), s, turn, true);
                lines.add(status);
                if (s == 1 && turn == 1) {
                    lines.add(status);
                }
                if (s == 4 && turn == 2) {
                    lines.add(status(at.plusSeconds(3), -1, -1, false).substring(0, 80));
                }
                lines.add(wire(at.plusSeconds(1), "StatusUpdate", JSON.createObjectNode().put("context_usage", 0.25)));
                lines.add(wire(at.plusSeconds(2), "TurnEnd", JSON.createObjectNode()));
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("wire.jsonl"), String.join("\n", lines) + "\n");
            Files.writeString(dir.resolve("context.jsonl"), "{\"role\":\"_usage\",\"token_count\":4242}\n");
            if (s == 0) {
                appendTo = dir.resolve("wire.jsonl");
                Path subagent = dir.resolve("subagents/task-1");
                Files.createDirectories(subagent);
                Files.writeString(subagent.resolve("wire.jsonl"), status(at.plusSeconds(30), 0, 30, true) + "\n");
                Path deeper = dir.resolve("notes");
                Files.createDirectories(deeper);
                Files.writeString(deeper.resolve("wire.jsonl"), status(at, -1, -1, false) + "\n");
            }
            if (s == 2) {
                undated = dir.resolve("wire.jsonl");
            }
        }
        Files.setLastModifiedTime(undated, FileTime.from(UNDATED));
        writeKimiCode();
    }

    /** Kimi Code's sessions: agents/main and a subagent's agents/NAME wire files of usage.record lines. */
    private void writeKimiCode() throws IOException {
        Path session = root.resolve("sessions/wk-0011223344/0b1c2d3e-6666-4000-8000-000000000001");
        Instant at = Instant.parse("2026-11-15T09:00:00Z");
        for (String agent : List.of("main", "explore-1")) {
            List<String> lines = new ArrayList<>();
            lines.add("{\"type\":\"metadata\",\"protocolVersion\":1,\"createdAt\":\"" + at + "\",\"model\":\"kimi-code/k3\"}");
            long[] sum = new long[4];
            for (int turn = 0; turn < (agent.equals("main") ? 6 : 3); turn++) {
                at = at.plus(Duration.ofMinutes(20 + random.nextInt(500)));
                lines.add("{\"type\":\"context.append_message\",\"time\":" + at.toEpochMilli() + ",\"message\":{\"role\":\"user\"}}");
                long[] usage = {1 + random.nextInt(9000), 1 + random.nextInt(2000), random.nextInt(60_000), random.nextInt(2) * random.nextInt(4000)};
                String model = turn == 2 ? null : turn == 4 ? "kimi-k2-thinking" : "kimi-code/k3";
                lines.add(usageRecord(at, model, "turn", usage));
                days.add(at, usage[0], usage[1], usage[3], usage[2], 0);
                for (int i = 0; i < 4; i++) {
                    sum[i] += usage[i];
                }
            }
            lines.add(usageRecord(at.plusSeconds(1), "kimi-code/k3", "session", sum)); // the session's sum: no call
            lines.add(usageRecord(at.plusSeconds(2), "kimi-code/k3", null, new long[] {5, 5, 0, 0})); // no scope: no call
            Path dir = session.resolve("agents").resolve(agent);
            Files.createDirectories(dir.resolve("deeper"));
            Files.writeString(dir.resolve("wire.jsonl"), String.join("\n", lines) + "\n");
            Files.writeString(dir.resolve("deeper/wire.jsonl"), usageRecord(at, "kimi-code/k3", "turn", new long[] {9, 9, 9, 9}) + "\n");
        }
    }

    private static String usageRecord(Instant at, String model, String scope, long[] usage) {
        ObjectNode record = JSON.createObjectNode().put("type", "usage.record");
        if (model != null) {
            record.put("model", model);
        }
        if (scope != null) {
            record.put("usageScope", scope);
        }
        record.put("time", at.toEpochMilli()).putObject("usage").put("inputOther", usage[0]).put("output", usage[1])
                .put("inputCacheRead", usage[2]).put("inputCacheCreation", usage[3]);
        return record.toString();
    }

    /** Appends one status update to the first session; returns its input, output, cache write, cache read. */
    public long[] append() throws IOException {
        long[] before = days.total();
        Files.writeString(appendTo, status(Instant.parse("2026-11-20T10:00:00Z"), 0, 20, true) + "\n", StandardOpenOption.APPEND);
        long[] after = days.total();
        return new long[] {after[1] - before[1], after[2] - before[2], after[3] - before[3], after[4] - before[4]};
    }

    private static String wire(Instant at, String type, ObjectNode payload) {
        ObjectNode line = JSON.createObjectNode().put("timestamp", at.toEpochMilli() / 1000.0 + 0.000321);
        line.putObject("message").put("type", type).set("payload", payload);
        return line.toString();
    }

    private String status(Instant at, int s, int turn, boolean counts) {
        ObjectNode payload = JSON.createObjectNode().put("context_usage", 0.3);
        ObjectNode usage = payload.putObject("token_usage");
        long input = 1 + random.nextInt(9000);
        long output = 1 + random.nextInt(3000);
        long read = random.nextInt(80_000);
        long write = random.nextInt(3) == 0 ? random.nextInt(5000) : 0;
        long counted = output;
        if (s == 2 && turn == 3) {
            input = output = read = write = counted = 0;
        }
        if (s == 3 && turn == 1) {
            usage.put("total", input + output + read + write);
            counted = input + output + read + write;
            input = read = write = 0;
        } else {
            usage.put("input_other", input).put("output", output).put("input_cache_read", read)
                    .put("input_cache_creation", write);
            if (s == 5 && turn == 0) {
                usage.put("total", input + output + read + write + 555);
                counted += 555;
            }
        }
        if (!(s == 1 && turn == 3)) {
            payload.put("message_id", String.format("chatcmpl-%06d", ++counter));
        }
        ObjectNode line = JSON.createObjectNode();
        Instant dated = at;
        if (s == 2 && turn == 1) {
            dated = UNDATED;
        } else if (s == 3 && turn == 2) {
            dated = Instant.parse(at.toString().substring(0, 10) + "T23:59:59.999Z");
            line.put("timestamp", dated.getEpochSecond() + 0.9996);
        } else {
            line.put("timestamp", at.toEpochMilli() / 1000.0 + 0.000456);
        }
        line.putObject("message").put("type", "StatusUpdate").set("payload", payload);
        if (counts && input + counted + read + write > 0) {
            days.add(dated, input, counted, write, read, 0);
        }
        return line.toString();
    }
}
