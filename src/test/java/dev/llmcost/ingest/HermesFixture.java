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
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a Hermes Agent home ({@code HERMES_HOME}: {@code state.db}, tables {@code sessions} and {@code messages}),
 * deterministic from a seed, with the traps: running sums per session with reasoning beside output, sessions from
 * several sources, compression's child sessions, {@code started_at} in seconds with a fraction or in milliseconds,
 * counts stored as REAL, actual, estimated and no cost, a session without a model and one with an empty model, a
 * row with text for its start time, an
 * empty session, one with a cost but no tokens, an unknown model, a session never closed but long idle (counted)
 * and one still running at {@code now} (ccusage counts it; llmcost waits until it ends or is idle for
 * {@link HermesLog#SETTLED}). Knows its own totals.
 */
public final class HermesFixture {
    /** Per UTC day, the settled sessions: calls, input, output (reasoning included), cache write, cache read, reasoning. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    /** The running session's sums by day, in the same order: what ccusage counts and llmcost does not yet. */
    public final Map<String, long[]> runningByDay = new TreeMap<>();
    public long calls;

    private static final String[][] MODELS = {
            {"anthropic", "claude-sonnet-4-20250514"}, {"openai-codex", "gpt-5"}, {"openrouter", "anthropic/claude-opus-4"},
            {"custom", "acme-coder-7b"}, {null, "gemini-2.5-pro"}};
    private static final String[] SOURCES = {"cli", "telegram", "cli", "discord"};

    private final Path root;
    private final Random random;
    private final Instant now;
    private int counter;

    public HermesFixture(Path root, long seed, Instant now) {
        this.root = root;
        this.random = new Random(seed);
        this.now = now;
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve("state.db");
    }

    public void write() throws IOException, SQLException {
        Files.createDirectories(root);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database());
             Statement statement = db.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("""
                    CREATE TABLE sessions (id TEXT PRIMARY KEY, source TEXT NOT NULL, user_id TEXT, model TEXT,
                      model_config TEXT, system_prompt TEXT, parent_session_id TEXT, started_at REAL NOT NULL,
                      ended_at REAL, end_reason TEXT, message_count INTEGER DEFAULT 0, tool_call_count INTEGER DEFAULT 0,
                      input_tokens INTEGER DEFAULT 0, output_tokens INTEGER DEFAULT 0, cache_read_tokens INTEGER DEFAULT 0,
                      cache_write_tokens INTEGER DEFAULT 0, reasoning_tokens INTEGER DEFAULT 0, billing_provider TEXT,
                      billing_base_url TEXT, billing_mode TEXT, estimated_cost_usd REAL, actual_cost_usd REAL,
                      cost_status TEXT, cost_source TEXT, pricing_version TEXT, title TEXT)""");
            statement.execute("""
                    CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT,
                      session_id TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL, content TEXT,
                      tool_call_id TEXT, tool_calls TEXT, tool_name TEXT, timestamp REAL NOT NULL, token_count INTEGER,
                      finish_reason TEXT)""");
            String parent = null;
            for (int s = 0; s < 14; s++) {
                double started = Instant.parse(String.format("2026-11-%02dT%02d:%02d:00Z", 5 + s % 6, random.nextInt(24),
                        random.nextInt(60))).getEpochSecond() + random.nextInt(1000) / 1000.0;
                String id = session(db, started, s, s != 4, s == 6 ? parent : null);
                parent = id;
            }
            // no usage: no model, an empty model, a session opened and left
            double day = Instant.parse("2026-11-06T10:00:00Z").getEpochSecond();
            insert(db, "20261106_100000_nomodel", "cli", null, day, day + 60, new Number[] {5, 5, 0, 0, 0}, null, null, null);
            insert(db, "20261106_100100_blank", "cli", "  ", day, day + 60, new Number[] {5, 5, 0, 0, 0}, null, null, null);
            insert(db, "20261106_100200_empty", "cli", "gpt-5", day, day + 60, new Number[] {0, 0, 0, 0, 0}, "openai", null, 0.0);
            // a damaged row: text where started_at's REAL belongs
            try (PreparedStatement damaged = db.prepareStatement("INSERT INTO sessions (id, source, model, started_at, "
                    + "input_tokens, output_tokens) VALUES ('20261106_100400_damaged', 'cli', 'gpt-5', 'not a time', 70, 7)")) {
                damaged.executeUpdate();
            }
            // a cost but no tokens: a call of 0 tokens, as ccusage counts it
            insert(db, "20261106_100300_costonly", "cli", "gpt-5", day + 300, day + 360, new Number[] {0, 0, 0, 0, 0},
                    "openai", 0.42, null);
            add(byDay, day + 300, 0, 0, 0, 0, 0);
            // still running: started 20 minutes ago, its latest message a minute ago
            double started = now.getEpochSecond() - 1200;
            insert(db, "running_1", "cli", "claude-sonnet-4-20250514", started, null,
                    new Number[] {3000, 800, 40_000, 2000, 0}, "anthropic", null, 0.2);
            message(db, "running_1", now.getEpochSecond() - 60);
            add(runningByDay, started, 3000, 800, 2000, 40_000, 0);
        }
    }

    /** Appends one ended session on 2026-11-26; returns its input, output (reasoning included), cache write, cache read. */
    public long[] appendSession() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database())) {
            long[] before = byDay.getOrDefault("2026-11-26", new long[6]).clone();
            session(db, Instant.parse("2026-11-26T07:00:00Z").getEpochSecond() + 0.5, 1, true, null);
            long[] after = byDay.get("2026-11-26");
            return new long[] {after[1] - before[1], after[2] - before[2], after[3] - before[3], after[4] - before[4]};
        }
    }

    private String session(Connection db, double started, int which, boolean ended, String parent) throws SQLException {
        String[] model = MODELS[which % MODELS.length];
        String id = String.format("%s_%06d_%04x", Instant.ofEpochSecond((long) started).toString().substring(0, 10)
                .replace("-", ""), ++counter, random.nextInt(0x10000));
        long input = 1 + random.nextInt(300_000);
        long output = 1 + random.nextInt(30_000);
        long cacheRead = random.nextInt(2_000_000);
        long cacheWrite = model[1].contains("claude") ? random.nextInt(80_000) : 0;
        long reasoning = model[1].startsWith("gpt") || model[1].startsWith("gemini") ? random.nextInt(9000) : 0;
        Number[] counts = which == 3
                ? new Number[] {(double) input, (double) output, (double) cacheRead, (double) cacheWrite, (double) reasoning}
                : new Number[] {input, output, cacheRead, cacheWrite, reasoning};
        double startedAt = which == 9 ? started * 1000 : started;
        double last = started + 60 + random.nextInt(7200);
        Double actual = which % 3 == 0 ? Double.valueOf(0.01 * (1 + random.nextInt(500))) : null;
        Double estimated = switch (which % 3) {
            case 1 -> Double.valueOf(0.01 * (1 + random.nextInt(500)));
            case 2 -> Double.valueOf(0.0);
            default -> null;
        };
        insert(db, id, SOURCES[which % SOURCES.length], model[1], startedAt, ended ? last : null, counts, model[0], actual,
                estimated);
        if (parent != null) {
            try (PreparedStatement child = db.prepareStatement("UPDATE sessions SET parent_session_id = ? WHERE id = ?")) {
                child.setString(1, parent);
                child.setString(2, id);
                child.executeUpdate();
            }
        }
        message(db, id, started + 1);
        message(db, id, last);
        add(byDay, started, input, output + reasoning, cacheWrite, cacheRead, reasoning);
        return id;
    }

    private void add(Map<String, long[]> sums, double startedSeconds, long input, long output, long cacheWrite,
                     long cacheRead, long reasoning) {
        long[] day = sums.computeIfAbsent(Instant.ofEpochSecond((long) startedSeconds).toString().substring(0, 10),
                d -> new long[6]);
        day[0]++;
        day[1] += input;
        day[2] += output;
        day[3] += cacheWrite;
        day[4] += cacheRead;
        day[5] += reasoning;
        if (sums == byDay) {
            calls++;
        }
    }

    private static void message(Connection db, String session, double at) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO messages (session_id, role, content, timestamp, token_count) VALUES (?, 'assistant', 'ok', ?, 12)")) {
            insert.setString(1, session);
            insert.setDouble(2, at);
            insert.executeUpdate();
        }
    }

    /** counts: input, output, cache read, cache write, reasoning. */
    private static void insert(Connection db, String id, String source, String model, double started, Double ended,
                               Number[] counts, String provider, Double actual, Double estimated) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO sessions (id, source, model, started_at, ended_at, "
                + "end_reason, message_count, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, "
                + "reasoning_tokens, billing_provider, actual_cost_usd, estimated_cost_usd) "
                + "VALUES (?, ?, ?, ?, ?, ?, 4, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, source);
            insert.setString(3, model);
            insert.setDouble(4, started);
            insert.setObject(5, ended);
            insert.setString(6, ended != null ? "user_exit" : null);
            for (int i = 0; i < 5; i++) {
                insert.setObject(7 + i, counts[i]);
            }
            insert.setString(12, provider);
            insert.setObject(13, actual);
            insert.setObject(14, estimated);
            insert.executeUpdate();
        }
    }
}
