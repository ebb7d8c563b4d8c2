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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a Goose data directory ({@code GOOSE_PATH_ROOT}: {@code data/sessions/sessions.db}, Goose 1.35's schema:
 * tables {@code sessions} and {@code messages}), deterministic from a seed, with the traps: running sums
 * ({@code accumulated_*}) beside the latest turn's counts ({@code input_tokens} …), older rows with only the
 * latter, {@code total} above input + output (extra use, priced as output) or missing, three ways of writing
 * {@code created_at}, a session without a model, one with a broken {@code model_config_json}, an empty new session,
 * an unknown model, messages (no usage) and one session still running at {@code now} (ccusage counts it; llmcost
 * waits until it has been idle for {@link GooseLog#SETTLED}). Knows its own totals.
 */
public final class GooseFixture {
    /** Per UTC day, the settled sessions: calls, input, output (extra included), cache write, cache read, reasoning. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    /** The running session's sums by day, in the same order: what ccusage counts and llmcost does not yet. */
    public final Map<String, long[]> runningByDay = new TreeMap<>();
    public long calls;

    private static final String[][] MODELS = {
            {"anthropic", "claude-sonnet-4-20250514"}, {"openai", "gpt-5"}, {"google", "gemini-2.5-pro"},
            {"databricks", "acme-coder-7b"}, {null, "claude-3-5-haiku-20241022"}};
    private static final DateTimeFormatter SQLITE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Random random;
    private final Instant now;
    private int counter;

    public GooseFixture(Path root, long seed, Instant now) {
        this.root = root;
        this.random = new Random(seed);
        this.now = now;
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve("data/sessions/sessions.db");
    }

    public void write() throws IOException, SQLException {
        Files.createDirectories(database().getParent());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database());
             Statement statement = db.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("""
                    CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',
                      description TEXT NOT NULL DEFAULT '', user_set_name BOOLEAN DEFAULT FALSE,
                      session_type TEXT NOT NULL DEFAULT 'user', working_dir TEXT NOT NULL,
                      created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                      extension_data TEXT DEFAULT '{}', total_tokens INTEGER, input_tokens INTEGER, output_tokens INTEGER,
                      accumulated_total_tokens INTEGER, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER,
                      accumulated_cost REAL, schedule_id TEXT, recipe_json TEXT, user_recipe_values_json TEXT,
                      provider_name TEXT, model_config_json TEXT, goose_mode TEXT NOT NULL DEFAULT 'auto',
                      archived_at TIMESTAMP, project_id TEXT)""");
            statement.execute("""
                    CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT,
                      session_id TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL, content_json TEXT NOT NULL,
                      created_timestamp INTEGER NOT NULL, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP, tokens INTEGER,
                      metadata_json TEXT)""");
            for (int s = 0; s < 14; s++) {
                Instant created = Instant.parse(String.format("2026-11-%02dT%02d:%02d:%02dZ", 3 + s % 6,
                        random.nextInt(24), random.nextInt(60), random.nextInt(60)));
                session(db, created, s);
            }
            // no usage: a session without a model, a broken model config, a session opened and left empty
            insert(db, "20261104_900", "2026-11-04 10:00:00", "2026-11-04 10:05:00", "/home/dev/api", null, null,
                    new Long[] {10L, 5L, 15L, 100L, 50L, 150L}, null);
            insert(db, "20261104_901", "2026-11-04 11:00:00", "2026-11-04 11:05:00", "/home/dev/api", "openai",
                    "{\"model_na", new Long[] {10L, 5L, 15L, 100L, 50L, 150L}, null);
            insert(db, "20261104_902", "2026-11-04 12:00:00", "2026-11-04 12:00:00", "/home/dev/api", "anthropic",
                    config("claude-sonnet-4-20250514"), new Long[] {null, null, null, 0L, 0L, 0L}, null);
            // still running: updated a minute ago
            Instant started = now.minusSeconds(1200);
            long input = 40_000 + random.nextInt(5000);
            long output = 3_000 + random.nextInt(500);
            insert(db, "running_1", SQLITE.format(started), SQLITE.format(now.minusSeconds(60)), "/home/dev/web-shop",
                    "anthropic", config("claude-sonnet-4-20250514"),
                    new Long[] {input + output, 2_000L, 300L, input + output, input, output}, 0.21);
            add(runningByDay, started, input, output, 0);
        }
    }

    /** Appends one settled session, on 2026-11-20; returns its tokens: input, output (extra included), reasoning. */
    public long[] appendSession() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database())) {
            Instant created = Instant.parse("2026-11-20T08:30:00Z");
            long[] before = byDay.getOrDefault("2026-11-20", new long[6]).clone();
            session(db, created, 1);
            long[] after = byDay.get("2026-11-20");
            return new long[] {after[1] - before[1], after[2] - before[2], after[5] - before[5]};
        }
    }

    private void session(Connection db, Instant created, int which) throws SQLException {
        String[] model = MODELS[which % MODELS.length];
        String id = String.format("%s_%d", SQLITE.format(created).substring(0, 10).replace("-", ""), ++counter);
        long input = 1 + random.nextInt(200_000);
        long output = 1 + random.nextInt(20_000);
        long extra = "openai".equals(model[0]) || "google".equals(model[0]) ? random.nextInt(5000) : 0;
        String createdText = switch (counter % 4) {
            case 0 -> created.toString();
            case 1 -> String.valueOf(created.getEpochSecond());
            default -> SQLITE.format(created);
        };
        Object[] counts;
        if (counter % 5 == 0) { // older Goose: no running sums, the session's counts in the plain columns
            counts = new Long[] {extra > 0 ? input + output + extra : null, input, output, null, null, null};
        } else { // running sums, beside the latest turn's counts (which must not be read)
            long turnIn = 1 + random.nextInt(9000);
            long turnOut = 1 + random.nextInt(900);
            Long total = counter % 3 == 0 && extra == 0 ? null : input + output + extra;
            counts = new Long[] {turnIn + turnOut, turnIn, turnOut, total, input, output};
        }
        Instant updated = created.plusSeconds(60 + random.nextInt(3000));
        insert(db, id, createdText, SQLITE.format(updated), "/home/dev/" + (which % 3 == 0 ? "api" : "web-shop"),
                model[0], config(model[1]), (Long[]) counts, which % 2 == 0 ? 0.01 * (1 + random.nextInt(90)) : null);
        try (PreparedStatement message = db.prepareStatement("INSERT INTO messages (message_id, session_id, role, "
                + "content_json, created_timestamp, tokens, metadata_json) VALUES (?, ?, ?, ?, ?, ?, '{}')")) {
            for (String role : new String[] {"user", "assistant"}) {
                message.setString(1, "msg_" + counter + role);
                message.setString(2, id);
                message.setString(3, role);
                message.setString(4, "[{\"type\":\"text\",\"text\":\"hello\"}]");
                message.setLong(5, created.getEpochSecond());
                message.setLong(6, 1000 + random.nextInt(1000));
                message.executeUpdate();
            }
        }
        add(byDay, created, input, output + extra, extra);
        calls++;
    }

    private static void add(Map<String, long[]> sums, Instant at, long input, long output, long reasoning) {
        long[] day = sums.computeIfAbsent(at.toString().substring(0, 10), d -> new long[6]);
        day[0]++;
        day[1] += input;
        day[2] += output;
        day[5] += reasoning;
    }

    private static String config(String model) {
        return "{\"model_name\":\"" + model + "\",\"context_limit\":null,\"temperature\":null,\"max_tokens\":null,"
                + "\"toolshim\":false,\"toolshim_model\":null,\"fast_model\":null}";
    }

    /** counts: total, input, output (latest turn), accumulated total, input, output. */
    private static void insert(Connection db, String id, String created, String updated, String dir, String provider,
                               String config, Long[] counts, Double cost) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO sessions (id, name, working_dir, created_at, "
                + "updated_at, total_tokens, input_tokens, output_tokens, accumulated_total_tokens, "
                + "accumulated_input_tokens, accumulated_output_tokens, accumulated_cost, provider_name, "
                + "model_config_json) VALUES (?, 'CLI Session', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, dir);
            if (created.matches("\\d+")) {
                insert.setLong(3, Long.parseLong(created));
            } else {
                insert.setString(3, created);
            }
            insert.setString(4, updated);
            for (int i = 0; i < 6; i++) {
                insert.setObject(5 + i, counts[i]);
            }
            insert.setObject(11, cost);
            insert.setString(12, provider);
            insert.setString(13, config);
            insert.executeUpdate();
        }
    }
}
