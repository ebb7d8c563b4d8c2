package dev.llmcost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.cli.LlmcostCommand;
import dev.llmcost.env.Environment;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs llmcost in-process against a real database (a file, or a fresh database on the test PostgreSQL
 * cluster), with a fixed clock and captured streams.
 */
public final class Cli {
    /** The back ends a behaviour test runs against: {@code @ValueSource(strings = {SQLITE, POSTGRESQL})}. */
    public static final String SQLITE = "sqlite";
    public static final String POSTGRESQL = "postgresql";

    public record Result(int code, String out, String err) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }
    }

    private final Path db;
    /** What --db gets: the file, or the PostgreSQL URL. */
    private final String target;
    private Clock clock;
    private final Map<String, String> env = new HashMap<>();
    private Path workingDir = Path.of("/work/demo");

    public Cli(Path db, Instant now) {
        this(db, db.toString(), now);
    }

    private Cli(Path db, String target, Instant now) {
        this.db = db;
        this.target = target;
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        env.put("TZ", "UTC");
        env.put("XDG_CONFIG_HOME", db.getParent().resolve("config").toString());
        env.put("XDG_DATA_HOME", db.getParent().resolve("data").toString());
    }

    public Cli at(Instant now) {
        clock = Clock.fixed(now, ZoneOffset.UTC);
        return this;
    }

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Cli workingDir(Path dir) {
        workingDir = dir;
        return this;
    }

    /**
     * On {@code backend}: a file {@code llmcost.db} in {@code dir}, or a new database on the test cluster (schema in place)
     * (the test is skipped when there is none, unless LLMCOST_REQUIRE_POSTGRES=1).
     */
    public static Cli on(String backend, Path dir, Instant now) {
        if (backend.equals(POSTGRESQL)) {
            return at(TestPostgres.get().newMigratedDatabase(), dir, now);
        }
        return new Cli(dir.resolve("llmcost.db"), now);
    }

    /** On the database {@code target} names (a postgresql:// URL), e.g. as another role. */
    public static Cli at(String target, Path dir, Instant now) {
        // what stays local with a team database (import backups) goes under dir, not the real home
        return new Cli(dir.resolve("local/llmcost.db"), target, now).env("XDG_DATA_HOME", dir.resolve("local").toString());
    }

    public Path db() {
        return db;
    }

    /** What --db names: the file or the PostgreSQL URL. */
    public String target() {
        return target;
    }

    public boolean postgres() {
        return target.startsWith("postgresql://");
    }

    /**
     * Everything the database holds, to compare before and after: the file's bytes, or on PostgreSQL every
     * llmcost table's rows in order.
     */
    public String snapshot() {
        if (!postgres()) {
            try {
                return java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(db));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        StringBuilder all = new StringBuilder();
        for (String table : List.of("projects", "events", "event_tags", "usage_hourly", "usage_daily", "budgets",
                "imports", "ingested_files", "settings", "sync_targets", "llmcost_schema")) {
            all.append(table).append(": ").append(strings("SELECT t::text FROM " + table + " t ORDER BY 1")).append('\n');
        }
        return all.toString();
    }

    public Result run(String... args) {
        return runWithStdin("", args);
    }

    public Result runWithStdin(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--db", target));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment environment = new Environment(clock, env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), workingDir, () -> false);
        int code = LlmcostCommand.run(environment, new PrintWriter(out), new PrintWriter(err),
                all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs and fails the test unless the exit code is 0. */
    public Result ok(String... args) {
        Result result = run(args);
        if (result.code() != 0) {
            throw new AssertionError("exit " + result.code() + " for " + List.of(args) + "\nstderr: " + result.err());
        }
        return result;
    }

    public long count(String sql) {
        try (Connection c = connect();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public List<String> strings(String sql) {
        try (Connection c = connect();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A plain connection to the database, beside llmcost's own. */
    public Connection connect() throws java.sql.SQLException {
        if (postgres()) {
            return TestPostgres.get().connect(TestPostgres.databaseOf(target));
        }
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    public long rows() {
        return count("SELECT count(*) FROM events");
    }
}
