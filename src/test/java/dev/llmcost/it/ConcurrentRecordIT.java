package dev.llmcost.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hook-like writers, each running separate `llmcost record` processes against one file, while another process
 * keeps running report, budget status and prune on it. CI runs 8 writers x 50 calls (400 record processes);
 * the long run, 16 x 200 (3,200 processes, 26 minutes on a busy 2-core machine), is by hand:
 * {@code mvn -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ConcurrentRecordIT
 * -Dllmcost.concurrent.writers=16 -Dllmcost.concurrent.calls=200} (README, Development).
 */
class ConcurrentRecordIT {
    static final int WRITERS = Integer.getInteger("llmcost.concurrent.writers", 8);
    static final int CALLS = Integer.getInteger("llmcost.concurrent.calls", 50);

    @TempDir
    Path dir;

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        Path db = dir.resolve("shared.db");
        assertEquals(0, Jar.run(db, "", "budget", "set", "--global", "--daily", "1000").code());
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Future<List<String>> readers = pool.submit(() -> {
            List<String> failures = new ArrayList<>();
            int round = 0;
            while (writing.get()) {
                String[][] commands = {{"report", "--by", "project"}, {"budget", "status"}, {"prune", "--days", "30"}};
                String[] command = commands[round++ % commands.length];
                Jar.Result result = Jar.run(db, "", command);
                if (result.code() != 0 || !result.err().isEmpty()) {
                    failures.add(String.join(" ", command) + ": exit " + result.code() + " " + result.err());
                }
            }
            failures.add(0, "rounds " + round);
            return failures;
        });
        List<Future<List<String>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                List<String> failures = new ArrayList<>();
                for (int call = 0; call < CALLS; call++) {
                    Jar.Result result = Jar.run(db, "", "record", "--model", "gpt-4o", "--input-tokens", "1",
                            "--cost", "0.000000001", "--id", writer + "-" + call, "--project", "p" + writer);
                    if (result.code() != 0 || !result.err().isEmpty()) {
                        failures.add(writer + "-" + call + ": exit " + result.code() + " " + result.err());
                    }
                }
                return failures;
            }));
        }
        List<String> failures = new ArrayList<>();
        for (Future<List<String>> writer : writers) {
            failures.addAll(writer.get());
        }
        writing.set(false);
        List<String> readerResults = readers.get();
        pool.shutdown();
        assertEquals(List.of(), failures);
        assertEquals(1, readerResults.size(), "readers failed: " + readerResults);
        assertTrue(Integer.parseInt(readerResults.get(0).substring(7)) >= 3, "readers really ran: " + readerResults);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*), count(DISTINCT event_key), sum(cost_nanos) FROM events")) {
            rs.next();
            assertEquals(WRITERS * CALLS, rs.getInt(1));
            assertEquals(WRITERS * CALLS, rs.getInt(2));
            assertEquals(WRITERS * CALLS, rs.getLong(3));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT sum(requests) FROM usage_hourly")) {
            rs.next();
            assertEquals(WRITERS * CALLS, rs.getInt(1), "the rollup counted every call once");
        }
    }
}
