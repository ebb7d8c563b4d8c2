package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a Kilo CLI data directory ({@code ~/.local/share/kilo}: {@code kilo.db}, tables {@code session},
 * {@code message} (id, session_id, time_created, time_updated, data) and {@code part}), deterministic from a seed,
 * with the traps: user messages, an assistant message that failed before any usage, one still between two steps
 * (no {@code time.completed}: ccusage counts it, llmcost waits), {@code tokens.total} beyond the parts or alone or
 * below them, a time in seconds, a row whose JSON is cut off, a copied row with the same message id, Kilo's
 * gateway provider with {@code vendor/model} names, an unknown model, its own cost or 0, and step-finish parts
 * that repeat the usage. Knows its own totals.
 */
public final class KiloFixture {
    /** Per UTC day: calls, input, output (reasoning and extra included), cache write, cache read, reasoning. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    /** The unfinished message's tokens by day, in the same order: what ccusage counts and llmcost does not. */
    public final Map<String, long[]> unfinishedByDay = new TreeMap<>();
    public long calls;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] MODELS = {
            {"anthropic", "claude-sonnet-4-20250514"}, {"kilo", "anthropic/claude-sonnet-4.5"}, {"openai", "gpt-5"},
            {"google", "gemini-2.5-pro"}, {"kilo", "acme/coder-7b"}};
    private static final String[] PROJECTS = {"/home/dev/web-shop", "/home/dev/api", "/srv/tools/infra"};

    private final Path root;
    private final Random random;
    private int counter;

    public KiloFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve("kilo.db");
    }

    public void write() throws IOException, SQLException {
        Files.createDirectories(root);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database())) {
            try (Statement statement = db.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("CREATE TABLE session (id TEXT PRIMARY KEY, directory TEXT, title TEXT)");
                statement.execute("CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, "
                        + "time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL)");
                statement.execute("CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL, "
                        + "session_id TEXT NOT NULL, data TEXT NOT NULL)");
            }
            for (int s = 0; s < 6; s++) {
                String session = String.format("ses_%02dk1l2o3", s);
                String project = PROJECTS[s % PROJECTS.length];
                for (int turn = 0; turn < 4 + s; turn++) {
                    long created = Instant.parse(String.format("2026-11-%02dT%02d:%02d:00Z", 12 + (s + turn) % 5,
                            random.nextInt(24), random.nextInt(60))).toEpochMilli() + random.nextInt(60_000);
                    store(db, "msg_" + (++counter), session, user(session, created));
                    String id = "msg_" + (++counter);
                    ObjectNode assistant = assistant(session, created + 1500, project, s + turn, turn == 2 && s == 3);
                    if (turn == 1 && s == 2) { // a copied row: the same message id in both rows' JSON
                        assistant.put("id", id);
                        store(db, id, session, assistant);
                        store(db, "msg_" + (++counter), session, assistant.deepCopy());
                    } else {
                        store(db, id, session, assistant);
                    }
                }
            }
            // still between two steps: tokens so far, no completion time
            long created = Instant.parse("2026-11-14T09:00:00Z").toEpochMilli();
            ObjectNode unfinished = base("ses_01k1l2o3", created, PROJECTS[1]).put("providerID", "anthropic")
                    .put("modelID", "claude-sonnet-4-20250514");
            unfinished.putObject("tokens").put("input", 1200).put("output", 300).put("reasoning", 0)
                    .putObject("cache").put("read", 5000).put("write", 700);
            unfinished.put("cost", 0.01);
            store(db, "msg_" + (++counter), "ses_01k1l2o3", unfinished);
            unfinishedByDay.put("2026-11-14", new long[] {1, 1200, 300, 700, 5000, 0});
            // a row cut off mid-write
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, 0, 0, ?)")) {
                insert.setString(1, "msg_" + (++counter));
                insert.setString(2, "ses_00k1l2o3");
                insert.setString(3, "{\"role\":\"assistant\",\"modelID\":\"gpt-5\",\"tokens\":{\"input\":9");
                insert.executeUpdate();
            }
        }
    }

    /** Appends one finished message on 2026-11-25; returns its input, output (reasoning included), cache write, cache read. */
    public long[] appendMessage() throws IOException, SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database())) {
            long created = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
            long[] before = byDay.getOrDefault("2026-11-25", new long[6]).clone();
            store(db, "msg_" + (++counter), "ses_09k1l2o3", assistant("ses_09k1l2o3", created, PROJECTS[0], 0, false));
            long[] after = byDay.get("2026-11-25");
            return new long[] {after[1] - before[1], after[2] - before[2], after[3] - before[3], after[4] - before[4]};
        }
    }

    private ObjectNode base(String session, long created, String project) {
        ObjectNode message = JSON.createObjectNode();
        message.put("sessionID", session).put("role", "assistant").put("mode", "code").put("agent", "code");
        message.putObject("time").put("created", created);
        message.putObject("path").put("cwd", project + "/src").put("root", project);
        return message;
    }

    private ObjectNode user(String session, long created) {
        ObjectNode message = JSON.createObjectNode();
        message.put("sessionID", session).put("role", "user").put("agent", "code");
        message.putObject("time").put("created", created);
        message.putObject("model").put("providerID", "kilo").put("modelID", "anthropic/claude-sonnet-4.5");
        return message;
    }

    private ObjectNode assistant(String session, long created, String project, int which, boolean failed) {
        String[] model = MODELS[which % MODELS.length];
        boolean seconds = which == 7;
        ObjectNode message = base(session, seconds ? created / 1000 : created, project);
        message.put("providerID", model[0]).put("modelID", model[1]).put("parentID", "msg_x");
        ((ObjectNode) message.get("time")).put("completed", created + 4000 + random.nextInt(20_000));
        ObjectNode tokens = message.putObject("tokens");
        if (failed) {
            tokens.put("input", 0).put("output", 0).put("reasoning", 0).putObject("cache").put("read", 0).put("write", 0);
            message.put("cost", 0);
            message.putObject("error").put("name", "APIError");
            return message;
        }
        long input = 1 + random.nextInt(8000);
        long output = 1 + random.nextInt(4000);
        long reasoning = "openai".equals(model[0]) || "google".equals(model[0]) ? random.nextInt(3000) : 0;
        long cacheRead = random.nextInt(150_000);
        long cacheWrite = model[1].contains("claude") ? random.nextInt(20_000) : 0;
        long parts = input + output + reasoning + cacheRead + cacheWrite;
        long counted;
        switch (which % 4) {
            case 1 -> { // total beyond the parts: the rest is extra output
                long extra = 1 + random.nextInt(500);
                tokens.put("total", parts + extra);
                counted = output + reasoning + extra;
            }
            case 2 -> { // total below the parts: nothing extra
                tokens.put("total", parts - 1);
                counted = output + reasoning;
            }
            case 3 -> { // only a total: it is all output
                tokens.put("total", input + output);
                message.put("cost", 0);
                add(created, 0, input + output, 0, 0, 0);
                return message;
            }
            default -> counted = output + reasoning;
        }
        tokens.put("input", input).put("output", output).put("reasoning", reasoning);
        tokens.putObject("cache").put("read", cacheRead).put("write", cacheWrite);
        message.put("cost", "kilo".equals(model[0]) ? 0 : (input * 3 + counted * 15) / 1_000_000.0);
        message.put("finish", "stop");
        add(created, input, counted, cacheWrite, cacheRead, reasoning);
        return message;
    }

    private void add(long created, long input, long output, long cacheWrite, long cacheRead, long reasoning) {
        long[] sums = byDay.computeIfAbsent(Instant.ofEpochMilli(created).toString().substring(0, 10), d -> new long[6]);
        sums[0]++;
        sums[1] += input;
        sums[2] += output;
        sums[3] += cacheWrite;
        sums[4] += cacheRead;
        sums[5] += reasoning;
        calls++;
    }

    private static void store(Connection db, String id, String session, ObjectNode message) throws IOException, SQLException {
        long created = message.path("time").path("created").asLong();
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, session);
            insert.setLong(3, created);
            insert.setLong(4, created);
            insert.setString(5, JSON.writeValueAsString(message));
            insert.executeUpdate();
        }
        if (message.has("tokens") && message.path("time").has("completed")) {
            try (PreparedStatement part = db.prepareStatement(
                    "INSERT INTO part (id, message_id, session_id, data) VALUES (?, ?, ?, ?)")) {
                part.setString(1, "prt_" + id);
                part.setString(2, id);
                part.setString(3, session);
                part.setString(4, "{\"type\":\"step-finish\",\"reason\":\"stop\",\"cost\":0,\"tokens\":"
                        + JSON.writeValueAsString(message.get("tokens")) + "}");
                part.executeUpdate();
            }
        }
    }
}
