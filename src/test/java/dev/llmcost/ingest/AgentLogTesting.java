package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks shared by the agent log tests: calls as rows, and a generated tree's totals. */
final class AgentLogTesting {
    private AgentLogTesting() {
    }

    /** Each stored call as "time provider model input output cache-write cache-read reasoning session", by time. */
    static List<String> calls(Cli cli) {
        return cli.strings("SELECT occurred_at || ' ' || provider || ' ' || model || ' ' || input_tokens || ' ' || output_tokens"
                + " || ' ' || cache_write_tokens || ' ' || cache_read_tokens || ' ' || reasoning_tokens || ' ' || session"
                + " FROM events ORDER BY occurred_at, model");
    }

    /** Ingests the tree twice (the second adds nothing), then its totals must be the fixture's. */
    static void assertIngestsOnce(Cli cli, String agent, java.nio.file.Path root, FixtureDays days) {
        Cli.Result first = cli.ok("ingest", agent, "--root", root.toString());
        assertTrue(first.out().contains("; " + days.calls + " new call(s)"), first.out());
        assertTrue(cli.ok("ingest", agent, "--root", root.toString()).out().contains("; 0 new call(s)"));
        assertTotals(cli, days);
    }

    static void assertTotals(Cli cli, FixtureDays days) {
        JsonNode total = cli.ok("report", "--format", "json", "--since", "2020-01-01").json().path("total");
        long[] expected = days.total();
        assertEquals(expected[0], total.path("requests").asLong(), "calls");
        assertEquals(expected[1], total.path("input_tokens").asLong(), "input");
        assertEquals(expected[2], total.path("output_tokens").asLong(), "output");
        assertEquals(expected[3], total.path("cache_write_tokens").asLong(), "cache write");
        assertEquals(expected[4], total.path("cache_read_tokens").asLong(), "cache read");
        assertEquals(expected[5], total.path("reasoning_tokens").asLong(), "reasoning");
    }
}
