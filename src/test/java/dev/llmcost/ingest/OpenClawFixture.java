package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes an OpenClaw data directory ({@code ~/.openclaw}), deterministic from a seed: {@code agents/AGENT/sessions/
 * UUID.jsonl} in pi-agent's entry format, with OpenClaw's traps: the model and provider only in {@code model_change}
 * and {@code custom}/{@code model-snapshot} entries before the messages, a session renamed to
 * {@code .jsonl.reset.TIME} on reset, a session both under its name and as {@code .jsonl.deleted.TIME} (read
 * before and after deletion: counted once), a symbolic link to a session, the {@code sessions.json} index, a call
 * whose message time (which dates it) is the day before its entry time, a message time as ISO text, a message
 * without one (the entry's counts), a line repeated verbatim, a zero usage, a usage with only {@code totalTokens},
 * a {@code totalTokens} above its parts, a torn line, a session with no model at all; and newer OpenClaw's SQLite
 * store ({@code agents/AGENT/agent/openclaw-agent.sqlite}). Knows its totals per UTC day.
 */
public final class OpenClawFixture {
    public final FixtureDays days = new FixtureDays();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] MODELS = {{"anthropic", "claude-opus-4-5"}, {"openai-codex", "gpt-5.2"},
            {"google", "gemini-3-pro-preview"}, {"openrouter", "moonshotai/kimi-k2"}};

    private final Path root;
    private final Random random;
    private int counter;
    private String lastId;
    private Path appendTo;

    public OpenClawFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    public void write() throws IOException, SQLException {
        for (int s = 0; s < 6; s++) {
            String agent = s % 2 == 0 ? "main" : "coder";
            String session = String.format("%08x-2222-4000-8000-%012d", 0xc0 + s, s);
            Path sessions = root.resolve("agents").resolve(agent).resolve("sessions");
            Instant at = Instant.parse(String.format("2026-11-%02dT%02d:%02d:00Z", 3 + s, 7 + random.nextInt(3), random.nextInt(60)));
            lastId = null;
            List<String> lines = new ArrayList<>();
            lines.add(JSON.createObjectNode().put("type", "session").put("version", 3).put("id", session)
                    .put("timestamp", at.toString()).put("cwd", "/home/claw/" + agent).toString());
            String[] model = MODELS[s % MODELS.length];
            if (s == 1) {
                ObjectNode snapshot = entry("custom", at);
                snapshot.put("customType", "model-snapshot").putObject("data").put("provider", model[0])
                        .put("modelApi", "openai-responses").put("modelId", model[1]);
                lines.add(snapshot.toString());
            } else if (s != 5) { // session 5 never names its model: "unknown"
                lines.add(entry("model_change", at).put("provider", model[0]).put("modelId", model[1]).toString());
            }
            for (int turn = 0; turn < 4 + s; turn++) {
                at = at.plus(Duration.ofMinutes(40 + random.nextInt(360)));
                if (s == 2 && turn == 2) {
                    at = Instant.parse("2026-11-05T23:59:59.300Z");
                }
                if (s == 3 && turn == 3) { // switched model mid-session
                    model = MODELS[(s + 1) % MODELS.length];
                    lines.add(entry("model_change", at).put("provider", model[0]).put("modelId", model[1]).toString());
                }
                ObjectNode user = entry("message", at);
                user.putObject("message").put("role", "user").put("content", "go").put("timestamp", at.toEpochMilli());
                lines.add(user.toString());
                String assistant = assistant(at, s, turn, true);
                lines.add(assistant);
                if (s == 4 && turn == 1) {
                    lines.add(assistant);
                }
                if (s == 0 && turn == 2) {
                    lines.add(assistant(at.plusSeconds(9), s, -1, false).substring(0, 70));
                }
                ObjectNode tool = entry("message", at.plusSeconds(2));
                tool.putObject("message").put("role", "toolResult").put("toolName", "exec").put("timestamp",
                        at.plusSeconds(2).toEpochMilli());
                lines.add(tool.toString());
            }
            String text = String.join("\n", lines) + "\n";
            Files.createDirectories(sessions);
            switch (s) {
                case 1 -> Files.writeString(sessions.resolve(session + ".jsonl.reset.2026-11-09T08-00-00.000Z"), text);
                case 3 -> {
                    Files.writeString(sessions.resolve(session + ".jsonl"), text);
                    Files.writeString(sessions.resolve(session + ".jsonl.deleted.1794000000000"), text);
                }
                default -> Files.writeString(sessions.resolve(session + ".jsonl"), text);
            }
            if (s == 0) {
                appendTo = sessions.resolve(session + ".jsonl");
                Files.createSymbolicLink(sessions.resolve("linked.jsonl"), appendTo.getFileName());
                Files.writeString(sessions.resolve("sessions.json"), "{\"agent:main:main\":{\"sessionId\":\"" + session
                        + "\",\"usage\":{\"input\":5,\"output\":5}}}");
            }
        }
        writeDatabase();
    }

    /**
     * Newer OpenClaw's store: {@code agents/AGENT/agent/openclaw-agent.sqlite}, table {@code transcript_events} (one
     * entry's JSON a row, by session and sequence), with a message dated only by its row's {@code created_at}.
     */
    private void writeDatabase() throws IOException, SQLException {
        Path agentDir = root.resolve("agents/ops/agent");
        Files.createDirectories(agentDir);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + agentDir.resolve("openclaw-agent.sqlite"))) {
            db.createStatement().execute("CREATE TABLE transcript_events (session_id TEXT NOT NULL, seq INTEGER NOT NULL, "
                    + "event_json TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (session_id, seq))");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO transcript_events VALUES (?, ?, ?, ?)")) {
                for (int s = 0; s < 2; s++) {
                    String session = "db-session-" + s;
                    Instant at = Instant.parse(String.format("2026-11-%02dT09:00:00Z", 14 + 2 * s));
                    lastId = null;
                    List<String> events = new ArrayList<>();
                    String[] model = MODELS[2 + s];
                    events.add(entry("model_change", at).put("provider", model[0]).put("modelId", model[1]).toString());
                    for (int turn = 0; turn < 5; turn++) {
                        at = at.plus(Duration.ofMinutes(50 + random.nextInt(300)));
                        events.add(assistant(at, 10 + s, turn, true));
                    }
                    ObjectNode undated = entry("message", at);
                    undated.remove("timestamp");
                    long input = 1 + random.nextInt(900);
                    undated.putObject("message").put("role", "assistant").putObject("usage").put("input", input)
                            .put("output", 7).put("totalTokens", input + 7);
                    events.add(undated.toString());
                    Instant created = at.plusSeconds(30);
                    days.add(created, input, 7, 0, 0, 0);
                    for (int seq = 0; seq < events.size(); seq++) {
                        insert.setString(1, session);
                        insert.setInt(2, seq);
                        insert.setString(3, events.get(seq));
                        insert.setLong(4, seq == events.size() - 1 ? created.toEpochMilli() : at.toEpochMilli());
                        insert.executeUpdate();
                    }
                }
            }
        }
    }

    /** Appends one assistant call to the first session; returns its input, output, cache write, cache read. */
    public long[] append() throws IOException {
        long[] before = days.total();
        Files.writeString(appendTo, assistant(Instant.parse("2026-11-20T10:00:00Z"), 0, 20, true) + "\n",
                StandardOpenOption.APPEND);
        long[] after = days.total();
        return new long[] {after[1] - before[1], after[2] - before[2], after[3] - before[3], after[4] - before[4]};
    }

    private ObjectNode entry(String type, Instant at) {
        String id = String.format("%08x", 0x5000 + ++counter);
        ObjectNode entry = JSON.createObjectNode().put("type", type).put("id", id);
        if (lastId == null) {
            entry.putNull("parentId");
        } else {
            entry.put("parentId", lastId);
        }
        lastId = id;
        return entry.put("timestamp", at.plusMillis(700 + random.nextInt(900)).toString());
    }

    /** An assistant message, its model left to the latest model_change but on some turns; counted when {@code counts}. */
    private String assistant(Instant at, int session, int turn, boolean counts) {
        ObjectNode entry = entry("message", at);
        ObjectNode message = entry.putObject("message").put("role", "assistant");
        message.putArray("content").addObject().put("type", "text").put("text", "ok");
        Instant dated = at;
        if (turn == 3) { // the message names its model
            message.put("provider", "anthropic").put("model", "claude-sonnet-4-5");
        }
        if (session == 4 && turn == 2) {
            message.put("timestamp", at.toString());
        } else if (session == 5 && turn == 1) {
            dated = Instant.parse(entry.get("timestamp").asText()); // no message time: the entry's
        } else {
            message.put("timestamp", at.toEpochMilli());
        }
        long input = 1 + random.nextInt(5000);
        long output = 1 + random.nextInt(2500);
        long read = random.nextInt(120_000);
        long write = random.nextInt(4) == 0 ? random.nextInt(9000) : 0;
        long total = input + output + read + write;
        long counted = output;
        ObjectNode usage = message.putObject("usage");
        if (session == 2 && turn == 1) {
            input = output = read = write = total = counted = 0;
        } else if (session == 3 && turn == 0) {
            total += 1234;
            counted += 1234;
        }
        if (session == 4 && turn == 0) {
            usage.put("totalTokens", total);
            input = read = write = 0;
            counted = total;
        } else {
            usage.put("input", input).put("output", output).put("cacheRead", read).put("cacheWrite", write)
                    .put("totalTokens", total);
            usage.putObject("cost").put("input", 0.0001 * input).put("output", 0.0002 * output).put("total",
                    Math.round((0.0001 * input + 0.0002 * output) * 1e6) / 1e6);
        }
        message.put("stopReason", "stop");
        if (counts && input + counted + read + write > 0) {
            days.add(dated, input, counted, write, read, 0);
        }
        return entry.toString();
    }
}
