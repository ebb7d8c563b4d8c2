package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmcost sync}: local files pushed to a team database (PostgreSQL, or another file). */
@ParameterizedClass(name = "to {0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class SyncCommandTest {
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");

    @TempDir
    Path dir;
    Cli team;
    Cli laptop;

    @BeforeEach
    void setUp() {
        team = Cli.on(backend, dir.resolve("team"), NOW);
        laptop = new Cli(dir.resolve("laptop/llmcost.db"), NOW).env("USER", "ann").env("HOSTNAME", "ann-laptop");
    }

    private Cli.Result sync(Cli local, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sync", "--to", team.target()));
        args.addAll(List.of(more));
        return local.ok(args.toArray(String[]::new));
    }

    private Map<String, Long> requestsByUser() {
        Map<String, Long> byUser = new HashMap<>();
        for (JsonNode row : team.ok("report", "--by", "user", "--format", "json").json().path("rows")) {
            byUser.put(row.path("user").asText(), row.path("requests").asLong());
        }
        return byUser;
    }

    @Test
    void pushesNewEventsOnceAttributedToUserAndMachine() {
        laptop.ok("record", "--model", "gpt-4o", "--input-tokens", "100", "--cost", "0.10", "--project", "web");
        laptop.ok("record", "--model", "gpt-4o", "--input-tokens", "200", "--cost", "0.20", "--user", "bot");
        laptop.ok("record", "--model", "gpt-4o", "--input-tokens", "300", "--cost", "0.30", "--id", "req-1");
        Cli.Result first = sync(laptop, "--batch", "2");
        assertTrue(first.out().startsWith("Synced 3 new event(s)"), first.out());
        assertTrue(first.out().contains("in 2 batch(es)"), first.out());
        assertEquals(3, team.rows());
        assertEquals(Map.of("ann", 2L, "bot", 1L), requestsByUser());
        assertEquals(3, team.count("SELECT count(*) FROM event_tags WHERE key = 'machine' AND value = 'ann-laptop'"));
        assertEquals(1, team.count("SELECT count(*) FROM events WHERE event_key = 'req-1'"));

        Cli.Result again = sync(laptop);
        assertTrue(again.out().startsWith("Synced 0 new event(s)"), again.out());
        assertEquals(3, team.rows());
        assertEquals(0, new java.math.BigDecimal("0.60").compareTo(
                team.ok("report", "--format", "json").json().path("total").path("cost_usd").decimalValue()));

        laptop.ok("record", "--model", "gpt-4o", "--input-tokens", "400", "--cost", "0.40");
        assertTrue(sync(laptop).out().startsWith("Synced 1 new event(s)"));
        assertEquals(4, team.rows());
        assertEquals(team.count("SELECT count(*) FROM events"), team.count("SELECT sum(requests) FROM usage_hourly"));
        assertEquals(team.count("SELECT count(*) FROM events"), team.count("SELECT sum(requests) FROM usage_daily"));
    }

    @Test
    void twoMachinesPushingTheSameImportedEventsStoreThemOnce() throws Exception {
        Cli other = new Cli(dir.resolve("desktop/llmcost.db"), NOW).env("USER", "bob").env("HOSTNAME", "bob-pc");
        for (Cli machine : List.of(laptop, other)) {
            machine.ok("record", "--model", "gpt-4o", "--input-tokens", "10", "--cost", "1", "--id", "shared-1");
            machine.ok("record", "--model", "gpt-4o", "--input-tokens", "10", "--cost", "1", "--id", "shared-2");
            machine.ok("record", "--model", "gpt-4o", "--input-tokens", "10", "--cost", "1");
        }
        sync(laptop);
        Cli.Result second = sync(other);
        assertTrue(second.out().contains("Synced 1 new event(s) (2 already there)"), second.out());
        assertEquals(4, team.rows());
        assertEquals(4, team.count("SELECT sum(requests) FROM usage_hourly"));
        assertEquals(2, team.count("SELECT count(*) FROM sync_sources"));
    }

    @Test
    void badTargetsAreRefusedAndNothingIsWritten() {
        laptop.ok("record", "--model", "gpt-4o", "--input-tokens", "10", "--cost", "1");
        for (String[] args : List.of(
                new String[] {"sync", "--to", "mysql://x@h/db"},
                new String[] {"sync", "--to", team.target(), "--batch", "0"},
                new String[] {"sync", "--to", laptop.db().toString()})) {
            Cli.Result result = laptop.run(args);
            assertEquals(2, result.code(), List.of(args) + ": " + result.err());
            assertEquals(1, result.err().lines().count(), result.err());
        }
        Cli.Result fromServer = team.run("sync", "--to", team.target());
        assertEquals(2, fromServer.code(), fromServer.err());
        assertFalse(Files.exists(dir.resolve("laptop/mysql:")));
        team.ok("report");
        assertEquals(0, team.rows());
    }
}
