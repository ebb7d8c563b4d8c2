package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The peer, ccusage 20.0.24 (installed by .ci/run into .ci/node, or {@code CCUSAGE_BIN}), and the two sides of
 * every agent comparison: {@link #daily} runs {@code ccusage AGENT daily --json --offline} on a tree,
 * {@link #ingestedDays} ingests the same tree into a fresh database and reads {@code report --by day} back.
 */
final class Ccusage {
    private Ccusage() {
    }

    /** The ccusage binary; aborts the test when it is missing, unless {@code LLMCOST_REQUIRE_CCUSAGE=1} (CI). */
    static Path binary() {
        String configured = System.getenv("CCUSAGE_BIN");
        Path path = configured != null ? Path.of(configured) : Path.of(".ci/node/node_modules/.bin/ccusage").toAbsolutePath();
        if (!Files.isExecutable(path)) {
            if ("1".equals(System.getenv("LLMCOST_REQUIRE_CCUSAGE"))) {
                fail("ccusage not found at " + path + " (install it with .ci/run)");
            }
            Assumptions.abort("ccusage not installed at " + path + "; .ci/run installs it");
        }
        return path;
    }

    /**
     * ccusage's daily rows for one agent, by date (YYYY-MM-DD, UTC), with {@code env} added to its environment
     * (the variable that points it at the tree, e.g. AMP_DATA_DIR, or HOME for agents without one) and
     * {@code args} appended (e.g. a {@code --foo-path} option).
     */
    static Map<String, JsonNode> daily(String agent, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary().toString(), agent, "daily", "--json", "--offline"));
        command.addAll(List.of(args));
        ProcessBuilder peer = new ProcessBuilder(command);
        peer.environment().putAll(env);
        peer.environment().put("TZ", "UTC");
        Process process = peer.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), err);
        Map<String, JsonNode> rows = new TreeMap<>();
        new ObjectMapper().readTree(out).path("daily").forEach(d -> rows.put(d.path("date").asText(), d));
        return rows;
    }

    /**
     * Ingests {@code root} as {@code agent} into {@code db} twice (the second must add nothing) and returns
     * llmcost's {@code report --by day --format json --tz UTC} rows since 2020, by day.
     */
    static Map<String, JsonNode> ingestedDays(Path db, String agent, Path root) throws Exception {
        Jar.Result ingest = Jar.run(db, "", "ingest", agent, "--root", root.toString());
        assertEquals(0, ingest.code(), ingest.err());
        Jar.Result again = Jar.run(db, "", "ingest", agent, "--root", root.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("; 0 new call(s)"), "re-ingest adds nothing: " + again.out());
        return days(db);
    }

    /** llmcost's {@code report --by day --format json --tz UTC} rows since 2020, by day. */
    static Map<String, JsonNode> days(Path db) throws Exception {
        Jar.Result report = Jar.run(db, "", "report", "--by", "day", "--format", "json", "--tz", "UTC", "--since", "2020-01-01");
        assertEquals(0, report.code(), report.err());
        Map<String, JsonNode> rows = new TreeMap<>();
        new ObjectMapper().readTree(report.out()).path("rows").forEach(r -> rows.put(r.path("day").asText(), r));
        return rows;
    }

    /** input, output, cache write, cache read, reasoning of one llmcost day row. */
    static long[] ours(JsonNode row) {
        return new long[] {row.path("input_tokens").asLong(), row.path("output_tokens").asLong(),
                row.path("cache_write_tokens").asLong(), row.path("cache_read_tokens").asLong(),
                row.path("reasoning_tokens").asLong()};
    }

    /** The number of calls over all of llmcost's day rows. */
    static long calls(Map<String, JsonNode> days) {
        return days.values().stream().mapToLong(r -> r.path("requests").asLong()).sum();
    }
}
