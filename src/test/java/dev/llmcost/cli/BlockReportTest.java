package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockReportTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void seed() {
        cli = new Cli(dir.resolve("llmcost.db"), NOW);
        rec("2026-11-23T20:40:00Z", "alpha", "1.00");
        rec("2026-11-23T22:10:00Z", "beta", "2.00");
        rec("2026-11-24T10:15:00Z", "alpha", "0.50");
        rec("2026-11-24T11:15:00Z", "alpha", "0.25");
    }

    private void rec(String at, String project, String cost) {
        cli.ok("record", "--model", "claude-sonnet-4-5", "--project", project, "--at", at, "--input-tokens", "1000",
                "--output-tokens", "100", "--cache-read-tokens", "10", "--cost", cost);
    }

    @Test
    void jsonHasOneRowPerBlockAndTheActiveBlocksBurnRate() {
        JsonNode report = cli.ok("report", "--by", "block", "--format", "json").json();
        JsonNode rows = report.path("rows");
        assertEquals(2, rows.size(), report.toString());
        assertEquals("2026-11-23T20:00:00Z", rows.get(0).path("block_start").asText());
        assertEquals("2026-11-24T01:00:00Z", rows.get(0).path("block_end").asText());
        assertEquals(2, rows.get(0).path("requests").asLong());
        assertEquals(0, new BigDecimal("3").compareTo(rows.get(0).path("cost_usd").decimalValue()));
        assertTrue(rows.get(0).path("burn_rate").isNull());
        JsonNode active = rows.get(1);
        assertEquals("2026-11-24T10:00:00Z", active.path("block_start").asText());
        assertTrue(active.path("active").asBoolean());
        assertEquals(2 * 1110, active.path("total_tokens").asLong());
        assertEquals(2220, active.path("burn_rate").path("tokens_per_hour").asLong());
        assertEquals(0, new BigDecimal("0.75").compareTo(active.path("burn_rate").path("cost_usd_per_hour").decimalValue()));
        assertEquals(180, active.path("projection").path("remaining_minutes").asLong());
        assertEquals(0, new BigDecimal("3.00").compareTo(active.path("projection").path("cost_usd").decimalValue()));
        assertEquals(0, new BigDecimal("3.75").compareTo(report.path("total").path("cost_usd").decimalValue()));
    }

    @Test
    void filtersAndRangeApply() {
        JsonNode alpha = cli.ok("report", "--by", "block", "--project", "alpha", "--format", "json").json();
        assertEquals(2, alpha.path("rows").size());
        assertEquals(1, alpha.path("rows").get(0).path("requests").asLong());
        // the range keeps blocks that overlap it; the block start still comes from the calls before it
        JsonNode today = cli.ok("report", "--by", "block", "--since", "2026-11-24T00:30", "--format", "json").json();
        assertEquals(2, today.path("rows").size());
        JsonNode later = cli.ok("report", "--by", "block", "--since", "2026-11-24T01:00", "--format", "json").json();
        assertEquals(1, later.path("rows").size());
    }

    @Test
    void tableAndCsv() {
        Cli.Result table = cli.ok("report", "--by", "block");
        assertTrue(table.out().contains("2026-11-24 10:00"), table.out());
        assertTrue(table.out().contains("active"), table.out());
        assertTrue(table.out().contains("Active block: 2h 0m elapsed, 3h 0m left; burn rate 2,220 tokens/h, $0.75/h"),
                table.out());
        String csv = cli.ok("report", "--by", "block", "--format", "csv").out();
        String[] lines = csv.split("\r?\n");
        assertEquals(3, lines.length, csv);
        assertTrue(lines[0].startsWith("block_start,block_end,first_call,last_call,active,requests"), csv);
        assertTrue(lines[2].startsWith("2026-11-24T10:00:00Z,2026-11-24T15:00:00Z,2026-11-24T10:15:00Z,"), csv);
        assertTrue(cli.ok("report", "--by", "block", "--since", "2027-01-01").out().startsWith("No usage recorded"));
    }

    @Test
    void blockStandsAlone() {
        Cli.Result mixed = cli.run("report", "--by", "block,model");
        assertEquals(2, mixed.code());
        assertEquals("llmcost: --by block is a report of its own; it cannot be combined with other --by values\n",
                mixed.err());
    }

    @Test
    void prunedHistoryIsNamed() {
        cli.at(Instant.parse("2026-11-25T06:00:00Z")).ok("prune", "--days", "1");
        Cli.Result after = cli.ok("report", "--by", "block", "--format", "json");
        assertEquals(1, after.json().path("rows").size());
        assertTrue(after.err().contains("were pruned; billing blocks need each call's time"), after.err());
    }

    /** Starting from the last long pause before --since gives the blocks the whole history gives. */
    @Test
    void aRangeGivesTheBlocksOfTheWholeHistory() {
        java.util.Random random = new java.util.Random(5);
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 120; i++) {
            at = at.plusSeconds(random.nextInt(5) == 0 ? 3_600 * (4 + random.nextInt(4)) : 60 * random.nextInt(90));
            cli.ok("record", "--model", "claude-sonnet-4-5", "--project", random.nextBoolean() ? "alpha" : "beta",
                    "--at", at.toString(), "--input-tokens", "7", "--cost", "0.01");
        }
        for (String project : new String[] {null, "beta"}) {
            java.util.List<String> base = new java.util.ArrayList<>(java.util.List.of("report", "--by", "block", "--format", "json"));
            if (project != null) {
                base.addAll(java.util.List.of("--project", project));
            }
            JsonNode all = cli.ok(base.toArray(String[]::new)).json().path("rows");
            for (int day = 1; day <= 12; day++) {
                Instant since = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(86_400L * day + 3_600L * random.nextInt(24));
                java.util.List<String> args = new java.util.ArrayList<>(base);
                args.addAll(java.util.List.of("--since", since.toString().substring(0, 16)));
                JsonNode ranged = cli.ok(args.toArray(String[]::new)).json().path("rows");
                java.util.List<JsonNode> expected = new java.util.ArrayList<>();
                for (JsonNode row : all) {
                    if (Instant.parse(row.path("block_end").asText()).isAfter(since)) {
                        expected.add(row);
                    }
                }
                assertEquals(expected.toString(), java.util.List.copyOf(iterable(ranged)).toString(), "since " + since + " " + project);
            }
        }
    }

    private static java.util.List<JsonNode> iterable(JsonNode array) {
        java.util.List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
