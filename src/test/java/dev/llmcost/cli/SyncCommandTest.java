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

    private void recordAt(Cli local, Instant at, int calls, String... more) {
        for (int i = 0; i < calls; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("record", "--model", "gpt-4o", "--input-tokens",
                    Integer.toString(100 + i), "--cost", "0.01", "--at", at.plusSeconds(i).toString()));
            args.addAll(List.of(more));
            local.ok(args.toArray(String[]::new));
        }
    }

    private long teamDistinctKeys() {
        return team.count("SELECT count(DISTINCT event_key) FROM events");
    }

    @Test
    void callsRecordedAfterAPruneThatEmptiedTheTableReachTheServer() {
        Instant threeDaysAgo = NOW.minus(java.time.Duration.ofDays(3));
        recordAt(laptop, threeDaysAgo, 5);
        sync(laptop);
        assertEquals(5, team.rows());
        Cli.Result prune = laptop.ok("prune", "--days", "1");
        assertTrue(prune.out().startsWith("Deleted 5 event(s)"), prune.out());
        assertEquals(0, laptop.rows());
        recordAt(laptop, NOW.minusSeconds(60), 3);
        assertTrue(sync(laptop).out().startsWith("Synced 3 new event(s)"));
        assertEquals(8, team.rows());
        assertEquals(8, teamDistinctKeys());
        assertEquals(8, team.count("SELECT sum(requests) FROM usage_hourly"));
    }

    @Test
    void pruneKeepsWhatSyncHasNotSentUntilItIsSentOrForced() {
        Instant old = NOW.minus(java.time.Duration.ofDays(3));
        recordAt(laptop, old, 2);
        sync(laptop);
        recordAt(laptop, old.plusSeconds(60), 3);
        Cli.Result prune = laptop.ok("prune", "--days", "1");
        assertTrue(prune.out().startsWith("Deleted 2 event(s)"), prune.out());
        assertTrue(prune.err().contains("kept 3 event(s)") && prune.err().contains("that sync has not sent to"),
                prune.err());
        assertEquals(1, prune.err().lines().count(), prune.err());
        assertEquals(3, laptop.rows());
        assertTrue(laptop.ok("prune", "--days", "1", "--dry-run").err().contains("would keep 3 event(s)"));

        assertTrue(sync(laptop).out().startsWith("Synced 3 new event(s)"));
        assertEquals(5, team.rows());
        Cli.Result after = laptop.ok("prune", "--days", "1");
        assertTrue(after.out().startsWith("Deleted 3 event(s)"), after.out());
        assertEquals("", after.err());

        recordAt(laptop, old.plusSeconds(120), 1);
        assertTrue(laptop.ok("prune", "--days", "1", "--force").out().startsWith("Deleted 1 event(s)"));
        assertEquals(0, laptop.rows());
    }

    @Test
    void aDatabaseWhoseIdsWentBackwardsBeforeTheyWereKeptLosesAndDoublesNothing() throws Exception {
        Instant earlier = NOW.minus(java.time.Duration.ofHours(5));
        recordAt(laptop, earlier, 5);
        laptop.ok("record", "--model", "gpt-4o", "--input-tokens", "7", "--cost", "0.07", "--id", "keyed-6");
        sync(laptop);
        assertEquals(6, team.rows());
        // as an older llmcost left it: its newest rows deleted (a prune, or a copy restored) and ids handed out again
        try (java.sql.Connection c = laptop.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("DELETE FROM events WHERE id > 2");
            s.execute("DELETE FROM settings WHERE key = 'last_event_id'");
            s.execute("DELETE FROM sync_targets");
        }
        recordAt(laptop, NOW.minusSeconds(600), 3);
        assertEquals(List.of("1", "2", "3", "4", "5"), laptop.strings("SELECT id FROM events ORDER BY id"));

        Cli.Result recovered = sync(laptop);
        assertTrue(recovered.err().contains("sending its events again"), recovered.err());
        assertEquals(9, team.rows(), "6 synced before, and the 3 recorded under reused ids");
        assertEquals(9, teamDistinctKeys());
        assertEquals(9, team.count("SELECT sum(requests) FROM usage_daily"));

        laptop.ok("record", "--model", "gpt-4o", "--input-tokens", "1", "--cost", "0.01");
        assertEquals(List.of("7"), laptop.strings("SELECT max(id) FROM events"), "new ids pass the server's watermark");
        Cli.Result next = sync(laptop);
        assertTrue(next.out().startsWith("Synced 1 new event(s)"), next.out());
        assertEquals("", next.err());
        assertEquals(10, team.rows());
    }

    @Test
    void aDatabaseFromBeforeIdsWereKeptMigratesWithItsSyncPosition() throws Exception {
        Instant old = NOW.minus(java.time.Duration.ofDays(3));
        recordAt(laptop, old, 4);
        sync(laptop);
        // back to schema version 9: no kept last id, no record of sync targets
        try (java.sql.Connection c = laptop.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("DELETE FROM settings WHERE key = 'last_event_id'");
            s.execute("DROP TABLE sync_targets");
            s.execute("PRAGMA user_version = 9");
        }
        recordAt(laptop, old.plusSeconds(60), 1);
        assertEquals(List.of("11"), laptop.strings("PRAGMA user_version"));
        Cli.Result afterUpgrade = sync(laptop);
        assertTrue(afterUpgrade.out().startsWith("Synced 1 new event(s) from "), afterUpgrade.out());
        assertFalse(afterUpgrade.out().contains("already there"), "nothing sent again: " + afterUpgrade.out());
        assertEquals(5, team.rows());

        assertTrue(laptop.ok("prune", "--days", "1").out().startsWith("Deleted 5 event(s)"));
        recordAt(laptop, NOW.minusSeconds(60), 2);
        assertTrue(sync(laptop).out().startsWith("Synced 2 new event(s)"));
        assertEquals(7, team.rows());
    }

    @Test
    void anUnreachableServerFailsInOneLineChangesNothingAndTheNextSyncCatchesUp() throws Exception {
        recordAt(laptop, NOW.minusSeconds(600), 3);
        sync(laptop);
        recordAt(laptop, NOW.minusSeconds(300), 2);
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String before = laptop.snapshot();
        Cli.Result down = laptop.run("sync", "--to", "postgresql://ann@127.0.0.1:" + closedPort + "/llmcost");
        assertEquals(1, down.code(), down.err());
        assertEquals(1, down.err().lines().count(), down.err());
        assertTrue(down.err().contains("cannot be reached"), down.err());
        assertEquals(before, laptop.snapshot(), "a failed sync writes nothing locally");

        assertTrue(sync(laptop).out().startsWith("Synced 2 new event(s)"));
        assertEquals(5, team.rows());
    }

    @Test
    void twoOverlappingSyncsOfOneDatabaseSendEachCallOnce() throws Exception {
        recordAt(laptop, NOW.minusSeconds(3600), 40);
        laptop.ok("record", "--model", "gpt-4o", "--input-tokens", "1", "--cost", "0.01", "--id", "keyed");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Cli.Result>> runs = List.of(
                    pool.submit(() -> sync(laptop, "--batch", "3")), pool.submit(() -> sync(laptop, "--batch", "3")));
            long added = 0;
            for (java.util.concurrent.Future<Cli.Result> run : runs) {
                String out = run.get().out();
                added += Long.parseLong(out.substring("Synced ".length(), out.indexOf(' ', "Synced ".length())));
            }
            assertEquals(41, added, "each call is added by exactly one of the two");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(41, team.rows());
        assertEquals(41, teamDistinctKeys());
        assertEquals(41, team.count("SELECT sum(requests) FROM usage_hourly"));
    }
}
