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
 * Writes an OpenCode data directory ({@code ~/.local/share/opencode}), deterministic from a seed: the SQLite
 * store {@code opencode.db} (table {@code message}: id, session_id, time_created, time_updated, data) and the
 * older one-file-per-message store {@code storage/message/SESSION/MESSAGE.json}, with the traps: messages in
 * both stores (left behind by OpenCode's move to SQLite), user messages (no tokens), an assistant message
 * that failed before any usage (all zero), the two token shapes (older: no {@code total}, reasoning priced on
 * top of {@code output}; newer: {@code total}, reasoning beside {@code output}), OpenCode's own cost on some
 * messages and 0 on others (subscription providers), part files beside the messages. Knows its own totals.
 */
public final class OpenCodeFixture {
    /** Per UTC day: calls, input, output (reasoning included), cache write, cache read, reasoning. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    public long calls;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] MODELS = {
            {"anthropic", "claude-sonnet-4-20250514"}, {"openai", "gpt-5"}, {"google", "gemini-2.5-pro"},
            {"github-copilot", "gpt-4.1"}};
    private static final String[] PROJECTS = {"/home/dev/web-shop", "/home/dev/api", "/srv/tools/infra"};

    private final Path root;
    private final Random random;
    private int counter;

    public OpenCodeFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve("opencode.db");
    }

    public void write() throws IOException, SQLException {
        Files.createDirectories(root);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database())) {
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE TABLE session (id TEXT PRIMARY KEY, directory TEXT)");
                statement.execute("CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, "
                        + "time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL)");
            }
            for (int s = 0; s < 6; s++) {
                String session = String.format("ses_%02d%s", s, "a1b2c3d4e5f6");
                String project = PROJECTS[s % PROJECTS.length];
                boolean legacy = s < 2;
                boolean both = s == 2; // migrated: in the database and still on disk
                for (int turn = 0; turn < 5 + s; turn++) {
                    long created = Instant.parse(String.format("2026-11-%02dT%02d:%02d:00Z", 10 + (s + turn) % 5,
                            8 + random.nextInt(14), random.nextInt(60))).toEpochMilli() + random.nextInt(60_000);
                    ObjectNode user = message("user", session, created, project);
                    store(db, user, session, legacy, both);
                    ObjectNode assistant = assistant(session, created + 1500, project, s + turn, turn == 3 && s == 4);
                    store(db, assistant, session, legacy, both);
                }
            }
        }
        Path parts = root.resolve("storage/part/msg_000001");
        Files.createDirectories(parts);
        Files.writeString(parts.resolve("prt_1.json"), "{\"id\":\"prt_1\",\"type\":\"step-finish\",\"tokens\":"
                + "{\"input\":9,\"output\":9,\"reasoning\":0,\"cache\":{\"read\":0,\"write\":0}},\"cost\":0}");
    }

    private ObjectNode message(String role, String session, long created, String project) {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", String.format("msg_%06d", ++counter)).put("sessionID", session).put("role", role);
        message.putObject("time").put("created", created);
        if ("user".equals(role)) {
            message.put("agent", "build");
            message.putObject("model").put("providerID", "anthropic").put("modelID", "claude-sonnet-4-20250514");
        } else {
            message.putObject("path").put("cwd", project + "/src").put("root", project);
        }
        return message;
    }

    private ObjectNode assistant(String session, long created, String project, int which, boolean failed) {
        ObjectNode message = message("assistant", session, created, project);
        String[] model = MODELS[which % MODELS.length];
        message.put("providerID", model[0]).put("modelID", model[1]).put("mode", "build").put("parentID", "msg_x");
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
        long cacheWrite = "anthropic".equals(model[0]) ? random.nextInt(20_000) : 0;
        boolean newer = which % 3 != 0;
        long llmcostOutput;
        if (newer) { // tokens.total; output beside reasoning
            tokens.put("total", input + output + reasoning + cacheRead + cacheWrite);
            llmcostOutput = output + reasoning;
        } else { // older: no total; OpenCode's cost priced reasoning on top of output
            llmcostOutput = output + reasoning;
        }
        tokens.put("input", input).put("output", output).put("reasoning", reasoning);
        tokens.putObject("cache").put("read", cacheRead).put("write", cacheWrite);
        if ("github-copilot".equals(model[0])) {
            message.put("cost", 0);
        } else {
            message.put("cost", (input * 3 + llmcostOutput * 15) / 1_000_000.0 + random.nextInt(1000) / 1e7);
        }
        message.put("finish", "stop");
        String day = Instant.ofEpochMilli(created).toString().substring(0, 10);
        long[] sums = byDay.computeIfAbsent(day, d -> new long[6]);
        sums[0]++;
        sums[1] += input;
        sums[2] += llmcostOutput;
        sums[3] += cacheWrite;
        sums[4] += cacheRead;
        sums[5] += reasoning;
        calls++;
        return message;
    }

    private void store(Connection db, ObjectNode message, String session, boolean legacy, boolean both)
            throws IOException, SQLException {
        String id = message.get("id").asText();
        if (legacy || both) {
            Path file = root.resolve("storage/message").resolve(session).resolve(id + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(message));
        }
        if (!legacy) {
            ObjectNode data = message.deepCopy();
            data.remove("id");
            data.remove("sessionID");
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)")) {
                long created = message.path("time").path("created").asLong();
                insert.setString(1, id);
                insert.setString(2, session);
                insert.setLong(3, created);
                insert.setLong(4, created);
                insert.setString(5, JSON.writeValueAsString(data));
                insert.executeUpdate();
            }
        }
    }

    /**
     * Writes one row as OpenCode does, inserting it or rewriting its data: {@code time_updated} is the writer's
     * clock at that write (drizzle's {@code $onUpdate}, on inserts and updates alike).
     */
    public void upsert(String id, String session, long created, long updated, String data) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database());
             PreparedStatement upsert = db.prepareStatement("INSERT INTO message (id, session_id, time_created, "
                     + "time_updated, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                     + "time_updated = excluded.time_updated, data = excluded.data")) {
            upsert.setString(1, id);
            upsert.setString(2, session);
            upsert.setLong(3, created);
            upsert.setLong(4, updated);
            upsert.setString(5, data);
            upsert.executeUpdate();
        }
    }

    /** The newest {@code time_updated} in the database. */
    public long newestUpdate() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database());
             Statement statement = db.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT max(time_updated) FROM message")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@link #inProgress}'s message finished: completed {@code took} ms after it was created, with its final usage. */
    public static String finished(String id, String session, long created, long took, long input, long output) {
        return inProgress(id, session, created, "anthropic", "claude-sonnet-4-20250514")
                .replace("{\"created\":" + created + "}", "{\"created\":" + created + ",\"completed\":" + (created + took) + "}")
                .replace("\"input\":0,\"output\":0", "\"input\":" + input + ",\"output\":" + output);
    }

    /** A message as OpenCode first writes it, before its step finishes: no completion time, no usage yet. */
    public static String inProgress(String id, String session, long created, String provider, String model) {
        return "{\"id\":\"" + id + "\",\"sessionID\":\"" + session + "\",\"role\":\"assistant\",\"providerID\":\""
                + provider + "\",\"modelID\":\"" + model + "\",\"time\":{\"created\":" + created + "},"
                + "\"tokens\":{\"input\":0,\"output\":0,\"reasoning\":0,\"cache\":{\"read\":0,\"write\":0}},\"cost\":0,"
                + "\"path\":{\"cwd\":\"/home/dev/api\",\"root\":\"/home/dev/api\"}}";
    }
}
