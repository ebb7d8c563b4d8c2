package dev.llmcost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.cli.Environment;
import dev.llmcost.cli.LlmcostCommand;

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

/** Runs llmcost in-process against a real database file, with a fixed clock and captured streams. */
public final class Cli {
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
    private Clock clock;
    private final Map<String, String> env = new HashMap<>();
    private Path workingDir = Path.of("/work/demo");

    public Cli(Path db, Instant now) {
        this.db = db;
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

    public Path db() {
        return db;
    }

    public Result run(String... args) {
        return runWithStdin("", args);
    }

    public Result runWithStdin(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--db", db.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment environment = new Environment(clock, env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), workingDir, false);
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
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public List<String> strings(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
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

    public long rows() {
        return count("SELECT count(*) FROM events");
    }
}
