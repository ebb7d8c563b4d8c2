package dev.llmcost.cli;

import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class PruneCommandTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void seed() {
        cli = Cli.on(backend, dir, NOW);
        String[] models = {"claude-sonnet-4-20250514", "gpt-4o", "claude-3-5-haiku-20241022", "llama3"};
        for (int day = 0; day < 200; day += 7) {
            for (int i = 0; i < models.length; i++) {
                Instant at = NOW.minusSeconds(86_400L * day + 1_234L * i);
                cli.ok("record", "--model", models[i], "--provider", i == 3 ? "ollama" : (i == 1 ? "openai" : "anthropic"),
                        "--project", "p" + (day % 3), "--user", "u" + (i % 2), "--agent", "a" + i,
                        "--input-tokens", Integer.toString(1000 + day), "--output-tokens", "77",
                        "--at", at.toString());
            }
        }
    }

    private String report(String by) {
        JsonNode report = cli.ok("report", "--by", by, "--format", "json", "--tz", "Europe/Berlin").json();
        return report.path("rows").toString() + report.path("total").toString();
    }

    @Test
    void rollupReportsAreTheSameBeforeAndAfter() {
        List<String> dimensions = List.of("model", "family", "provider", "project", "user", "mode", "day", "week", "month");
        List<String> before = new ArrayList<>();
        dimensions.forEach(d -> before.add(report(d)));
        long rows = cli.rows();
        Cli.Result dry = cli.ok("prune", "--days", "90", "--dry-run");
        assertTrue(dry.out().startsWith("Would delete "), dry.out());
        assertEquals(rows, cli.rows());
        Cli.Result pruned = cli.ok("prune", "--days", "90");
        assertTrue(pruned.out().contains("2026-08-26T12:00:00Z"), pruned.out());
        long kept = cli.count("SELECT count(*) FROM events WHERE occurred_at >= '2026-08-26T12:00:00.000Z'");
        assertEquals(kept, cli.rows());
        assertTrue(kept < rows);
        for (int i = 0; i < dimensions.size(); i++) {
            assertEquals(before.get(i), report(dimensions.get(i)), "--by " + dimensions.get(i));
        }
        Cli.Result byAgent = cli.ok("report", "--by", "agent");
        assertTrue(byAgent.err().contains("were pruned"), byAgent.err());
        assertEquals("", cli.ok("prune", "--days", "90", "--quiet", "--vacuum").out());
        assertEquals(2, cli.run("prune", "--days", "0").code());
    }

    @Test
    void pruneRacingConcurrentRecordsLosesNothing() throws Exception {
        long before = cli.rows();
        long old = cli.count("SELECT count(*) FROM events WHERE occurred_at < '2026-08-26T12:00:00.000Z'");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                int failures = 0;
                for (int i = 0; i < 50; i++) {
                    failures += cli.run("record", "--model", "gpt-4o", "--id", writer + "/" + i, "--cost", "0.01").code();
                }
                return failures;
            }));
        }
        Future<Integer> pruner = pool.submit(() -> {
            int failures = 0;
            for (int i = 0; i < 10; i++) {
                failures += cli.run("prune", "--days", "90", "--quiet").code();
            }
            return failures;
        });
        for (Future<Integer> writer : writers) {
            assertEquals(0, writer.get());
        }
        assertEquals(0, pruner.get());
        pool.shutdown();
        assertEquals(before - old + 200, cli.rows());
        assertEquals(200, cli.count("SELECT count(*) FROM events WHERE event_key IS NOT NULL"));
    }
}
