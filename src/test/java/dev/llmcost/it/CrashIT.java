package dev.llmcost.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of long writes: the file stays sound and holds all or none of the work,
 * and the same command then completes. Kill points are random but seeded, so a failure repeats.
 */
class CrashIT {
    static final int RECORDS = 200_000;
    static final int KILLS = 3;

    @TempDir
    Path dir;

    private final Random random = new Random(20261124);

    private static long query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertSound(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
    }

    /** Starts the command, kills it with SIGKILL after a random delay; returns whether it was still running. */
    private boolean killMidway(Path db, long maxDelayMs, String... args) throws Exception {
        Process process = Jar.builder(db, args).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        long delay = 300 + (long) (random.nextDouble() * maxDelayMs);
        boolean finished = process.waitFor(delay, TimeUnit.MILLISECONDS);
        process.destroyForcibly().waitFor();
        return !finished;
    }

    @Test
    void importKilledMidwayLeavesAllOrNothingAndThenCompletes() throws Exception {
        Path file = dir.resolve("big.json");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("[\n");
            for (int i = 0; i < RECORDS; i++) {
                out.write("{\"id\":\"r" + i + "\",\"timestamp\":\"2026-0" + (1 + i % 9) + "-1" + (i % 10)
                        + "T10:00:00Z\",\"model\":\"gpt-4o\",\"input_tokens\":" + i + ",\"cost\":0.000" + (i % 10) + "}"
                        + (i < RECORDS - 1 ? ",\n" : "\n"));
            }
            out.write("]\n");
        }
        Path db = dir.resolve("import.db");
        Jar.run(db, "", "record", "--model", "gpt-4o", "--cost", "1");
        int interrupted = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            // the one-pass import writes from its first record on and takes ~8 s here: kill within 0.3–4.3 s
            if (killMidway(db, 4_000, "import-json", file.toString(), "--no-backup")) {
                interrupted++;
            }
            assertSound(db);
            long imported = query(db, "SELECT count(*) FROM events WHERE event_key LIKE 'import:%'");
            assertTrue(imported == 0 || imported == RECORDS, "all or nothing, found " + imported);
            if (imported == RECORDS) {
                break;
            }
        }
        assertTrue(interrupted > 0, "at least one kill landed mid-import");
        Jar.Result finish = Jar.run(db, "", "import-json", file.toString(), "--no-backup");
        assertEquals(0, finish.code(), finish.err());
        assertEquals(RECORDS, query(db, "SELECT count(*) FROM events WHERE event_key LIKE 'import:%'"));
        assertEquals(RECORDS + 1, query(db, "SELECT sum(requests) FROM usage_hourly"), "rollup whole after the kills");
    }

    @Test
    void pruneAndBatchRecordKilledMidwayLeaveAllOrNothing() throws Exception {
        Path db = dir.resolve("prune.db");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            lines.append("{\"id\":\"b").append(i).append("\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":").append(i).append("}}\n");
        }
        Files.writeString(dir.resolve("batch.jsonl"), lines);
        for (int kill = 0; kill < KILLS; kill++) {
            killMidway(db, 4_000, "record", "--json", dir.resolve("batch.jsonl").toString(), "--at", "2026-01-01T00:00:00Z");
            assertSound(db);
            // on a loaded machine a kill can land before the first run has created the schema: nothing stored
            long stored = query(db, "SELECT count(*) FROM sqlite_master WHERE name = 'events'") == 0 ? 0
                    : query(db, "SELECT count(*) FROM events");
            assertTrue(stored == 0 || stored == 40_000, "batch record: all or nothing, found " + stored);
        }
        assertEquals(0, Jar.run(db, "", "record", "--json", dir.resolve("batch.jsonl").toString(), "--at",
                "2026-01-01T00:00:00Z").code());
        assertEquals(40_000, query(db, "SELECT count(*) FROM events"));
        for (int kill = 0; kill < KILLS; kill++) {
            killMidway(db, 1_500, "prune", "--days", "30");
            assertSound(db);
            long kept = query(db, "SELECT count(*) FROM events");
            assertTrue(kept == 0 || kept == 40_000, "prune: all or nothing, found " + kept);
        }
        assertEquals(0, Jar.run(db, "", "prune", "--days", "30").code());
        assertEquals(0, query(db, "SELECT count(*) FROM events"));
        assertEquals(40_000, query(db, "SELECT sum(requests) FROM usage_hourly"), "rollups survive");
    }
}
