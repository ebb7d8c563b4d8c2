package dev.llmcost.cli;

import dev.llmcost.Cli;
import dev.llmcost.env.Environment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast paths of report and budget status print exactly what picocli's path prints, errors included. */
class FastPathTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void seed() {
        db = dir.resolve("llmcost.db");
        Cli cli = new Cli(db, NOW);
        cli.ok("record", "--project", "p1", "--model", "claude-sonnet-4-5", "--user", "ann", "--agent", "coder",
                "--at", "2026-11-24T09:00:00Z", "--input-tokens", "1000", "--output-tokens", "200", "--tag", "phase=plan");
        cli.ok("record", "--project", "p2", "--model", "gpt-4o", "--at", "2026-11-20T23:30:00Z",
                "--input-tokens", "500", "--output-tokens", "50", "--cost", "0.75");
        cli.ok("record", "--project", "p2", "--model", "llama3", "--provider", "ollama",
                "--at", "2026-10-02T10:00:00Z", "--input-tokens", "10");
        cli.ok("budget", "set", "--global", "--monthly", "100");
        cli.ok("budget", "set", "--project", "p1", "--daily", "0.001");
        cli.ok("budget", "set", "--user", "ann", "--weekly", "5", "--alert-at", "1");
    }

    record Run(int code, String out, String err) {
    }

    private Run run(boolean fast, String... args) {
        List<String> all = new ArrayList<>(List.of("--db", db.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment environment = new Environment(Clock.fixed(NOW, ZoneOffset.UTC), Map.of("TZ", "UTC"),
                new ByteArrayInputStream(new byte[0]), dir, () -> false);
        int code = fast ? LlmcostCommand.run(environment, new PrintWriter(out), new PrintWriter(err),
                all.toArray(String[]::new))
                : LlmcostCommand.runWithPicocli(environment, new PrintWriter(out), new PrintWriter(err),
                all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private boolean takesFastPath(String... args) {
        List<String> all = new ArrayList<>(List.of("--db", db.toString()));
        all.addAll(List.of(args));
        Environment environment = new Environment(Clock.fixed(NOW, ZoneOffset.UTC), Map.of("TZ", "UTC"),
                new ByteArrayInputStream(new byte[0]), dir, () -> false);
        PrintWriter discard = new PrintWriter(new StringWriter());
        OptionalInt code = FastPath.tryRun(environment, discard, discard, all.toArray(String[]::new));
        return code.isPresent();
    }

    private void same(boolean expectFast, String... args) {
        assertEquals(expectFast, takesFastPath(args), "fast path taken for " + List.of(args));
        Run fast = run(true, args);
        Run picocli = run(false, args);
        assertEquals(picocli, fast, "fast and picocli paths differ for " + List.of(args));
    }

    @Test
    void reportsMatchPicocli() {
        same(true, "report");
        same(true, "report", "--by", "model");
        same(true, "report", "--by", "day", "--since", "90d", "--format", "json");
        same(true, "report", "--by", "project,model", "--format", "csv");
        same(true, "report", "--by", "project", "--by", "model", "--chart");
        same(true, "report", "--by=user", "--format=JSON", "--since=this-month");
        same(true, "report", "--by", "tag:phase", "--project", "p1", "--model", "claude-sonnet-4-5",
                "--user", "ann", "--agent", "coder", "--provider", "anthropic");
        same(true, "--tz", "Europe/Berlin", "report", "--by", "day");
        same(true, "report", "--tz", "America/New_York", "--by", "week", "--format", "csv", "--debug");
        same(true, "report", "--since", "2026-11-01", "--until", "2026-11-21");
        same(true, "report", "--by", "mode,family", "--until", "today");
    }

    @Test
    void reportErrorsMatchPicocli() {
        same(true, "report", "--since", "bogus");
        same(true, "report", "--by", "nope");
        same(true, "report", "--by", "model,model");
        same(true, "report", "--by", "tag:");
        same(true, "--tz", "Nowhere/Land", "report");
        same(true, "report", "--since", "2026-11-21", "--until", "2026-11-01");
        same(true, "report", "--project", "bad\u0001name");
        same(false, "report", "--format", "xml");
        same(false, "report", "--by", "");
        same(false, "report", "--by", "model,");
        same(false, "report", "--since", "7d", "--since", "8d");
        same(false, "report", "--chart", "--chart");
        same(false, "report", "--since");
        same(false, "report", "--bogus");
        same(false, "report", "extra");
        same(false, "report", "--help");
        same(false, "report", "--chart=true");
        same(false, "report", "--project", "-p");
        same(false, "--db", db.toString(), "report");
    }

    @Test
    void budgetStatusMatchesPicocli() {
        same(true, "budget", "status");
        same(true, "budget", "status", "--format", "json");
        same(true, "budget", "status", "--format", "csv", "--global");
        same(true, "budget", "status", "--project", "p1");
        same(true, "budget", "status", "--user", "ann", "--format", "json");
        same(true, "budget", "status", "-q");
        same(true, "budget", "status", "--quiet", "--project", "p2");
        same(true, "--tz", "Asia/Kolkata", "budget", "status");
        same(true, "budget", "--tz", "UTC", "status");
    }

    @Test
    void budgetStatusErrorsMatchPicocli() {
        same(true, "budget", "status", "--project", "bad\u0001name");
        same(false, "budget", "status", "--project", "p1", "--user", "ann");
        same(false, "budget", "status", "-q", "--quiet");
        same(false, "budget", "status", "--format", "yaml");
        same(false, "budget");
        same(false, "budget", "set", "--global", "--monthly", "5");
        same(false, "budget", "status", "--project", "p1", "--project", "p2");
        same(false, "budget", "--format", "json", "status");
    }

    @Test
    void statuslineMatchesPicocli() {
        same(true, "statusline");
        same(true, "statusline", "--tz", "Europe/Berlin");
        same(false, "statusline", "--format", "json");
        same(false, "statusline", "extra");
    }

    /** A Claude Code transcript with two calls under {@code root}. */
    private Path claudeTree(String name) throws java.io.IOException {
        Path root = dir.resolve(name);
        Path transcript = root.resolve("projects/-work-p3/s1.jsonl");
        java.nio.file.Files.createDirectories(transcript.getParent());
        java.nio.file.Files.writeString(transcript, """
                {"type":"assistant","sessionId":"s1","cwd":"/work/p3","timestamp":"2026-11-24T10:00:00.000Z","requestId":"r1","message":{"id":"m1","model":"claude-sonnet-4-5","usage":{"input_tokens":30,"output_tokens":40}}}
                {"type":"assistant","sessionId":"s1","cwd":"/work/p3","timestamp":"2026-11-24T10:05:00.000Z","requestId":"r2","message":{"id":"m2","model":"claude-sonnet-4-5","usage":{"input_tokens":50,"output_tokens":60}}}
                """);
        return root;
    }

    @Test
    void ingestMatchesPicocli() throws java.io.IOException {
        // each path ingests its own copy of the tree into its own database: both find the same two calls
        Path first = claudeTree("a");
        Path second = claudeTree("b");
        Run fast = run(true, "ingest", "claude-code", "--root", first.toString());
        Path fastDb = db;
        db = dir.resolve("second.db");
        new Cli(db, NOW);
        Run picocli = run(false, "ingest", "claude-code", "--root", second.toString());
        assertEquals(picocli, fast);
        assertTrue(fast.out().contains("2 new call(s)"), fast.out());
        String picocliReport = run(false, "report", "--project", "p3", "--by", "session", "--format", "json").out();
        db = fastDb;
        assertEquals(picocliReport, run(false, "report", "--project", "p3", "--by", "session", "--format", "json").out());
        same(true, "ingest", "claude-code", "--root", first.toString()); // (takes the fast path) nothing new, both say so
    }

    @Test
    void ingestErrorsMatchPicocli() {
        same(true, "ingest", "claude-code", "--root", dir.resolve("missing").toString());
        same(true, "ingest", "claude-code", "--hook", "--strict", "--root", dir.toString());
        same(false, "ingest", "claude-code", "--hook", "{}");
        same(false, "ingest", "no-such-agent");
        same(false, "ingest", "--list");
        same(false, "ingest", "claude-code", "--help");
        same(false, "ingest", "claude-code", "--hook", "--hook");
    }

    @Test
    void budgetStatusExitCodesComeThrough() {
        Run over = run(true, "budget", "status", "--project", "p1");
        assertEquals(3, over.code(), over.err());
        assertTrue(over.out().contains("over"), over.out());
    }
}
