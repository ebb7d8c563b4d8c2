package dev.llmcost.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Random;

/**
 * Writes a ZCode home ({@code cli/db/db.sqlite}, the CLI's schema with the newer columns) deterministic from a seed,
 * with the format's traps: input that includes cache reads and writes, a session table holding two versions of one
 * session (a join must not double its requests), requests still running or failed (not counted), a completed
 * request with every count 0, one whose cached count exceeds its input (clamped), damaged rows (a null time, a
 * count that is text, a negative count, a null model), a request whose session row is missing, a model no price
 * table knows, {@code computed_total_tokens} disagreeing with the counts, and tool_usage rows. Knows its own totals
 * as llmcost stores them (input without cache).
 */
public final class ZCodeFixture {
    public long calls;
    public long input;
    public long output;
    public long cacheWrite;
    public long cacheRead;
    public long reasoning;

    private static final String[] MODELS = {"GLM-5.2", "glm-4.7", "GLM-5.3-Flash", "glm-zeta-preview"};
    private static final String[] DIRECTORIES = {"/home/dev/web-shop", "/home/dev/api", "/srv/infra"};

    private final Path root;
    private final Random random;
    private int rows;

    public ZCodeFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve("cli/db/db.sqlite");
    }

    /** What llmcost stores for one request. */
    public record Stored(long input, long output, long cacheWrite, long cacheRead, long reasoning) {
    }

    public void write() throws IOException, SQLException {
        Files.createDirectories(database().getParent());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database())) {
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE TABLE session (id TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1, "
                        + "directory TEXT NOT NULL, title TEXT, created_at INTEGER NOT NULL, PRIMARY KEY (id, version))");
                statement.execute("CREATE TABLE model_usage (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, turn_id TEXT, "
                        + "model_id TEXT, provider_id TEXT, input_tokens INTEGER NOT NULL DEFAULT 0, "
                        + "output_tokens INTEGER NOT NULL DEFAULT 0, reasoning_tokens INTEGER NOT NULL DEFAULT 0, "
                        + "cache_creation_input_tokens INTEGER NOT NULL DEFAULT 0, cache_read_input_tokens INTEGER NOT NULL DEFAULT 0, "
                        + "computed_total_tokens INTEGER, started_at INTEGER, completed_at INTEGER, status TEXT NOT NULL)");
                statement.execute("CREATE TABLE tool_usage (session_id TEXT NOT NULL, turn_id TEXT, tool_name TEXT NOT NULL, "
                        + "started_at INTEGER NOT NULL)");
            }
            for (int s = 0; s < 5; s++) {
                String session = sessionId(s);
                long start = Instant.parse(String.format("2026-11-%02dT07:30:00Z", 2 + s * 5)).toEpochMilli();
                session(db, session, 1, DIRECTORIES[s % DIRECTORIES.length], start);
                if (s == 1) {
                    session(db, session, 2, DIRECTORIES[s % DIRECTORIES.length], start + 3_600_000);
                }
                for (int r = 0; r < 6 + s; r++) {
                    long at = start + r * 4L * 3_600_000 + random.nextInt(600_000);
                    request(db, session, at, MODELS[(s + r) % MODELS.length], "completed", true);
                    if (r % 3 == 1) {
                        request(db, session, at + 60_000, MODELS[s % MODELS.length], r % 2 == 0 ? "failed" : "running", false);
                    }
                    tool(db, session, at);
                }
            }
            traps(db);
        }
    }

    private void traps(Connection db) throws SQLException {
        String session = sessionId(7);
        long at = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
        session(db, session, 1, "/home/dev/api", at);
        insert(db, "zero", session, at, "GLM-5.2", 0, 0, 0, 0, 0, 0L, "completed");
        insert(db, "clamped", session, at + 1000, "GLM-5.2", 400, 80, 0, 50, 900, 1430L, "completed");
        count(400, 80, 0, 50, 900);
        insert(db, "no-time", session, null, "GLM-5.2", 1000, 80, 0, 0, 0, null, "completed");
        insert(db, "no-model", session, at + 3000, null, 1000, 80, 0, 0, 0, null, "completed");
        insert(db, "negative-output", session, at + 4000, "glm-4.7", 2000, -7, 0, 100, 500, null, "completed");
        count(2000, 0, 0, 100, 500);
        try (PreparedStatement text = db.prepareStatement("INSERT INTO model_usage (id, session_id, model_id, provider_id, "
                + "input_tokens, output_tokens, started_at, status) VALUES ('text-count', ?, 'glm-4.7', 'zai', 'many', 90, ?, 'completed')")) {
            text.setString(1, session);
            text.setLong(2, at + 5000);
            text.executeUpdate();
        }
        count(0, 90, 0, 0, 0);
        // no session row for this one: the project falls back to "zcode"
        request(db, sessionId(8), at + 6000, "GLM-5.3-Flash", "completed", true);
    }

    /** Adds one completed request at {@code at}; returns what llmcost stores for it. */
    public Stored append(Instant at) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database())) {
            return request(db, sessionId(2), at.toEpochMilli(), MODELS[0], "completed", true);
        }
    }

    private static String sessionId(int n) {
        return String.format("sess_%02d_7f3a9c", n);
    }

    private static void session(Connection db, String id, int version, String directory, long at) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO session VALUES (?, ?, ?, 'fix the build', ?)")) {
            insert.setString(1, id);
            insert.setInt(2, version);
            insert.setString(3, directory);
            insert.setLong(4, at);
            insert.executeUpdate();
        }
    }

    private static void tool(Connection db, String session, long at) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO tool_usage VALUES (?, 'turn', 'read_file', ?)")) {
            insert.setString(1, session);
            insert.setLong(2, at + 500);
            insert.executeUpdate();
        }
    }

    private Stored request(Connection db, String session, long at, String model, String status, boolean counted)
            throws SQLException {
        long prompt = 2000 + random.nextInt(80_000);
        long cached = random.nextInt(10) < 7 ? random.nextLong(prompt / 3, prompt) : 0;
        long created = random.nextInt(10) < 4 ? random.nextLong(prompt - cached + 1) : 0;
        long reasoning = random.nextInt(3) == 0 ? 0 : random.nextInt(1200);
        long output = reasoning + 1 + random.nextInt(3000);
        // computed_total_tokens is ZCode's own figure; it need not equal the counts (it is not read)
        insert(db, "mu_" + (++rows), session, at, model, prompt, output, reasoning, created, cached,
                prompt + output + (rows % 2 == 0 ? cached : 0), status);
        return counted ? count(prompt, output, reasoning, created, cached) : null;
    }

    private Stored count(long prompt, long out, long reasons, long created, long cached) {
        long read = Math.min(cached, prompt);
        long write = Math.min(created, prompt - read);
        long outputCount = Math.max(0, out);
        Stored stored = new Stored(prompt - read - write, outputCount, write, read, Math.min(reasons, outputCount));
        calls++;
        input += stored.input();
        output += stored.output();
        cacheWrite += stored.cacheWrite();
        cacheRead += stored.cacheRead();
        reasoning += stored.reasoning();
        return stored;
    }

    private static void insert(Connection db, String id, String session, Long at, String model, long prompt, long output,
                               long reasoning, long created, long cached, Long total, String status) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO model_usage VALUES (?, ?, ?, ?, 'zai-coding-plan', "
                + "?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, session);
            insert.setString(3, "turn-" + id);
            insert.setString(4, model);
            insert.setLong(5, prompt);
            insert.setLong(6, output);
            insert.setLong(7, reasoning);
            insert.setLong(8, created);
            insert.setLong(9, cached);
            insert.setObject(10, total);
            insert.setObject(11, at);
            insert.setObject(12, at == null ? null : at + 2500);
            insert.setString(13, status);
            insert.executeUpdate();
        }
    }
}
