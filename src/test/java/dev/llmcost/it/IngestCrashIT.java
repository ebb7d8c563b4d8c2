package dev.llmcost.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of a first ingest of a Claude Code tree, several times: every run after a kill
 * goes on from what was committed, and the last one leaves every call exactly once, the rollups equal to
 * the events, and each file's offset at its end. Each run is killed as soon as it has committed a batch,
 * so the kills land mid-ingest whatever the machine's load.
 */
class IngestCrashIT {
    static final int FILES = 120;
    static final int CALLS_PER_FILE = 500;

    @TempDir
    Path dir;

    private static long query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Calls committed so far; 0 while the run has not yet created and migrated the file. */
    private static long storedSoFar(Path db) throws Exception {
        if (!Files.exists(db)) {
            return 0;
        }
        try {
            return query(db, "SELECT count(*) FROM events");
        } catch (java.sql.SQLException notYetMigrated) {
            return 0;
        }
    }

    private Path writeTree() throws Exception {
        Path root = dir.resolve("claude");
        for (int f = 0; f < FILES; f++) {
            Path project = root.resolve("projects").resolve("-home-dev-p" + (f % 12));
            Files.createDirectories(project);
            try (BufferedWriter out = Files.newBufferedWriter(project.resolve(String.format("s%04d.jsonl", f)))) {
                for (int c = 0; c < CALLS_PER_FILE; c++) {
                    String id = f + "_" + c;
                    String time = String.format("2026-11-%02dT%02d:%02d:%02d.000Z", 1 + f % 20, c % 24, c % 60, f % 60);
                    out.write("{\"type\":\"user\",\"sessionId\":\"s" + f + "\",\"message\":{\"role\":\"user\",\"content\":\"go on\"},"
                            + "\"uuid\":\"u" + id + "\",\"timestamp\":\"" + time + "\"}\n");
                    out.write("{\"parentUuid\":\"u" + id + "\",\"cwd\":\"/home/dev/p" + (f % 12) + "\",\"sessionId\":\"s" + f
                            + "\",\"type\":\"assistant\",\"message\":{\"id\":\"msg_" + id + "\",\"model\":\"claude-sonnet-4-20250514\","
                            + "\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"usage\":{\"input_tokens\":" + (1 + c % 7)
                            + ",\"cache_creation_input_tokens\":" + (c * 3) + ",\"cache_read_input_tokens\":" + (c * 11)
                            + ",\"output_tokens\":" + (10 + c) + "}},\"requestId\":\"req_" + id + "\",\"uuid\":\"a" + id
                            + "\",\"timestamp\":\"" + time + "\"}\n");
                }
            }
        }
        return root;
    }

    @Test
    void killedMidIngestLosesNothingAndDoublesNothing() throws Exception {
        Path root = writeTree();
        Path db = dir.resolve("llmcost.db");
        long expected = (long) FILES * CALLS_PER_FILE;
        boolean partialSeen = false;
        List<String> trail = new ArrayList<>();
        long before = 0;
        for (int kill = 0; kill < 2; kill++) {
            // killed as soon as a run has committed something new: mid-ingest by construction, whatever the load
            Process process = Jar.builder(db, "ingest", "claude-code", "--root", root.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile()).start();
            long stored = before;
            boolean finished = false;
            while (!finished && stored == before) {
                finished = process.waitFor(50, TimeUnit.MILLISECONDS);
                stored = storedSoFar(db);
            }
            process.destroyForcibly().waitFor();
            stored = query(db, "SELECT count(*) FROM events");
            trail.add((finished ? "finished" : "killed") + " at " + stored + " stored");
            if (finished) {
                break;
            }
            assertEquals(stored, query(db, "SELECT coalesce(sum(requests), 0) FROM usage_daily"),
                    "the rollup moves with the events, in the same transactions: " + trail);
            partialSeen |= stored > 0 && stored < expected;
            before = stored;
        }
        assertTrue(partialSeen, "no kill landed mid-ingest: " + trail);
        Jar.Result last = Jar.run(db, "", "ingest", "claude-code", "--root", root.toString());
        assertEquals(0, last.code(), last.err());
        assertEquals(expected, query(db, "SELECT count(*) FROM events"), String.join("; ", trail));
        assertEquals(expected, query(db, "SELECT count(DISTINCT event_key) FROM events"));
        assertEquals(expected, query(db, "SELECT sum(requests) FROM usage_daily"));
        assertEquals(expected, query(db, "SELECT sum(requests) FROM usage_hourly"));
        long outputTokens = 0;
        for (int c = 0; c < CALLS_PER_FILE; c++) {
            outputTokens += 10 + c;
        }
        assertEquals(outputTokens * FILES, query(db, "SELECT sum(output_tokens) FROM usage_daily"));
        assertEquals(FILES, query(db, "SELECT count(*) FROM ingested_files WHERE offset = size"));
        Jar.Result again = Jar.run(db, "", "ingest", "claude-code", "--root", root.toString());
        assertTrue(again.out().contains("0 changed; 0 new call(s)"), again.out());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
        System.out.println("IngestCrashIT: " + String.join("; ", trail));
    }
}
