package dev.llmcost.it;

import dev.llmcost.TestPostgres;
import dev.llmcost.model.CostSource;
import dev.llmcost.model.Money;
import dev.llmcost.model.Origin;
import dev.llmcost.model.Tokens;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.store.EventWriter;
import dev.llmcost.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Team mode with real processes and a real PostgreSQL: machines syncing their local files while others record
 * straight to the server, and a sync killed with SIGKILL mid-batch then run again. CI runs a small size;
 * the size is {@code -Dllmcost.sync.machines=8 -Dllmcost.sync.events=20000 -Dllmcost.sync.recorders=8}.
 */
class SyncIT {
    static final int MACHINES = Integer.getInteger("llmcost.sync.machines", 4);
    static final int EVENTS = Integer.getInteger("llmcost.sync.events", 1_000);
    static final int RECORDERS = Integer.getInteger("llmcost.sync.recorders", 4);
    static final int RECORDS = Integer.getInteger("llmcost.sync.records", 6);
    /** Keyed events every machine holds (the same imported file on each): stored once on the server. */
    static final int SHARED = 100;
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A local file of {@code events} own events (cost 1000 + i nano-dollars) plus the shared ones. */
    private static long fill(Path db, int machine, int events) throws Exception {
        long cost = 0;
        try (Store store = Store.open(db, Clock.fixed(START, ZoneOffset.UTC))) {
            cost += store.write(connection -> {
                long sum = 0;
                try (EventWriter writer = new EventWriter(connection, Clock.fixed(START, ZoneOffset.UTC))) {
                    for (int i = 0; i < events; i++) {
                        long nanos = 1000 + i;
                        writer.insert(new UsageEvent(START.plusSeconds(37L * i + machine), "p" + (i % 7), "openai",
                                "gpt-4o", new Tokens(i, 1, 0, 0, 0), Money.fromNanos(nanos), CostSource.GIVEN,
                                i % 3 == 0 ? new Origin("dev" + machine, null, null, null, null, null) : null,
                                null, null, Map.of()));
                        sum += nanos;
                    }
                    for (int i = 0; i < SHARED; i++) {
                        writer.insert(new UsageEvent(START.plusSeconds(600L * i), "imported", "openai", "gpt-4o",
                                new Tokens(1, 1, 0, 0, 0), Money.fromNanos(7), CostSource.GIVEN, null, null,
                                "import:shared-" + i, Map.of()));
                    }
                }
                return sum;
            });
        }
        return cost;
    }

    private static long[] serverTotals(TestPostgres pg, String database) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT (SELECT count(*) FROM events), (SELECT count(DISTINCT event_key) FROM events),
                       (SELECT sum(cost_nanos) FROM events), (SELECT sum(requests) FROM usage_hourly),
                       (SELECT sum(cost_nanos) FROM usage_daily)""")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
        }
    }

    @Test
    void machinesSyncWhileOthersRecordNothingLostNothingDoubled() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.newDatabase();
        long expectedCost = 0;
        List<Path> locals = new ArrayList<>();
        for (int m = 0; m < MACHINES; m++) {
            Path local = dir.resolve("m" + m + ".db");
            expectedCost += fill(local, m, EVENTS);
            locals.add(local);
        }
        expectedCost += SHARED * 7L;
        assertEquals(0, Jar.run(Jar.builder(url, "budget", "set", "--global", "--daily", "1000"), "").code());
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(MACHINES + RECORDERS);
        List<Future<List<String>>> jobs = new ArrayList<>();
        for (int m = 0; m < MACHINES; m++) {
            Path local = locals.get(m);
            int machine = m;
            jobs.add(pool.submit(() -> {
                ProcessBuilder sync = Jar.builder(local, "sync", "--to", url, "--batch", "500", "--machine", "m" + machine);
                Jar.Result result = Jar.run(sync, "");
                return result.code() == 0 && result.err().isEmpty() ? List.of()
                        : List.of("sync " + machine + ": exit " + result.code() + " " + result.err());
            }));
        }
        for (int r = 0; r < RECORDERS; r++) {
            int recorder = r;
            jobs.add(pool.submit(() -> {
                List<String> failures = new ArrayList<>();
                for (int call = 0; call < RECORDS; call++) {
                    Jar.Result result = Jar.run(Jar.builder(url, "record", "--model", "gpt-4o", "--input-tokens", "1",
                            "--cost", "0.000000003", "--project", "p" + call % 7, "--user", "rec" + recorder), "");
                    if (result.code() != 0 || !result.err().isEmpty()) {
                        failures.add("record " + recorder + "-" + call + ": exit " + result.code() + " " + result.err());
                    }
                }
                return failures;
            }));
        }
        List<String> failures = new ArrayList<>();
        for (Future<List<String>> job : jobs) {
            failures.addAll(job.get(20, TimeUnit.MINUTES));
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(List.of(), failures);
        expectedCost += RECORDERS * RECORDS * 3L;
        long expectedEvents = (long) MACHINES * EVENTS + SHARED + (long) RECORDERS * RECORDS;
        long[] totals = serverTotals(pg, TestPostgres.databaseOf(url));
        System.out.printf("SyncIT: %d machines x %d events synced while %d recorders x %d records: %.1f s%n",
                MACHINES, EVENTS, RECORDERS, RECORDS, seconds);
        assertEquals(expectedEvents, totals[0], "every event once");
        assertEquals(expectedEvents - (long) RECORDERS * RECORDS, totals[1], "keys: synced and shared ones");
        assertEquals(expectedCost, totals[2], "cost exact to the nano-dollar");
        assertEquals(expectedEvents, totals[3], "hourly rollup counts every event once");
        assertEquals(expectedCost, totals[4], "daily rollup cost exact");
        for (Path local : locals) {
            Jar.Result again = Jar.run(Jar.builder(local, "sync", "--to", url), "");
            assertTrue(again.out().startsWith("Synced 0 new event(s)"), again.out() + again.err());
        }
        assertEquals(expectedEvents, serverTotals(pg, TestPostgres.databaseOf(url))[0], "a second run pushes nothing");
    }

    @Test
    void syncKilledMidBatchThenRunAgainIsExact() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.newDatabase();
        String database = TestPostgres.databaseOf(url);
        Path local = dir.resolve("laptop.db");
        int events = Integer.getInteger("llmcost.sync.killEvents", 4_000);
        long expectedCost = fill(local, 0, events) + SHARED * 7L;
        Process sync = Jar.builder(local, "sync", "--to", url, "--batch", "250")
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        long committed = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        while (committed == 0 && sync.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            committed = committedBySync(pg, database);
        }
        assertTrue(sync.isAlive(), "the sync finished before it could be killed; raise llmcost.sync.killEvents");
        sync.destroyForcibly(); // SIGKILL: no shutdown hooks, the open transaction dies with the connection
        sync.waitFor();
        long atKill = committedBySync(pg, database);
        System.out.printf("SyncIT: killed with %d of %d events committed%n", atKill, events + SHARED);
        assertTrue(atKill > 0 && atKill < events + SHARED, "killed mid-way: " + atKill);
        assertEquals(atKill, serverTotals(pg, database)[0], "the watermark moved with exactly the committed rows");

        Jar.Result rerun = Jar.run(Jar.builder(local, "sync", "--to", url, "--batch", "250"), "");
        assertEquals(0, rerun.code(), rerun.err());
        long[] totals = serverTotals(pg, database);
        assertEquals(events + SHARED, totals[0], "every event once after the rerun");
        assertEquals(expectedCost, totals[2]);
        assertEquals(events + SHARED, totals[3]);
        assertEquals(expectedCost, totals[4]);
    }

    private static long committedBySync(TestPostgres pg, String database) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('sync_sources') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0;
            }
            try (ResultSet sum = s.executeQuery("SELECT coalesce(sum(events), 0) FROM sync_sources")) {
                sum.next();
                return sum.getLong(1);
            }
        }
    }
}
