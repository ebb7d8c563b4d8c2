package dev.llmcost.cli;

import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class ReportCommandTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");

    @TempDir
    Path dir;
    Cli cli;

    /** A few calls spread over projects, users, agents, models, days and months. */
    @BeforeEach
    void seed() {
        cli = Cli.on(backend, dir, NOW);
        record("alpha", "claude-sonnet-4-20250514", "anthropic", "ann", "coder", "s1", "t1", "chat", "plan", "2026-10-31T23:30:00Z", "1.25");
        record("alpha", "claude-opus-4-1-20250805", "anthropic", "ann", "coder", "s1", "t1", "chat", "build", "2026-11-02T10:00:00Z", "3.5");
        record("beta", "gpt-4o", "openai", "bob", "reviewer", "s2", "t2", "voice", "plan", "2026-11-23T08:10:00Z", "0.75");
        record("beta", "gpt-4o", "openai", "bob", "reviewer", "s3", "t2", "chat", null, "2026-11-24T11:59:59.999Z", "0.5");
        record("gamma", "llama3", "ollama", "ann", "coder", "s4", "t3", "chat", null, "2026-11-24T12:00:00Z", null);
    }

    private void record(String project, String model, String provider, String user, String agent, String session,
                        String task, String requestType, String phase, String at, String cost) {
        List<String> args = new java.util.ArrayList<>(List.of("record", "--project", project, "--model", model,
                "--provider", provider, "--user", user, "--agent", agent, "--session", session, "--task", task,
                "--request-type", requestType, "--at", at, "--input-tokens", "100", "--output-tokens", "10"));
        if (phase != null) {
            args.addAll(List.of("--tag", "phase=" + phase));
        }
        if (cost != null) {
            args.addAll(List.of("--cost", cost));
        }
        cli.ok(args.toArray(String[]::new));
    }

    private Map<String, BigDecimal> costBy(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("report", "--format", "json"));
        all.addAll(List.of(args));
        JsonNode report = cli.ok(all.toArray(String[]::new)).json();
        Map<String, BigDecimal> costs = new HashMap<>();
        String key = report.path("group_by").get(0).asText().replace("-", "_").replace(":", "_");
        for (JsonNode row : report.path("rows")) {
            costs.put(row.path(key).asText(), row.path("cost_usd").decimalValue().stripTrailingZeros());
        }
        assertEquals(0, new BigDecimal("6").compareTo(report.path("total").path("cost_usd").decimalValue()),
                "total over all groups");
        return costs;
    }

    private static Map<String, BigDecimal> costs(Object... keyValues) {
        Map<String, BigDecimal> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], new BigDecimal((String) keyValues[i + 1]).stripTrailingZeros());
        }
        return map;
    }

    @Test
    void everyDimensionSumsToTheSameTotal() {
        assertEquals(costs("claude-sonnet-4-20250514", "1.25", "claude-opus-4-1-20250805", "3.5", "gpt-4o", "1.25", "llama3", "0"),
                costBy("--by", "model"));
        assertEquals(costs("sonnet", "1.25", "opus", "3.5", "gpt-4o", "1.25", "llama3", "0"), costBy("--by", "family"));
        assertEquals(costs("anthropic", "4.75", "openai", "1.25", "ollama", "0"), costBy("--by", "provider"));
        assertEquals(costs("alpha", "4.75", "beta", "1.25", "gamma", "0"), costBy("--by", "project"));
        assertEquals(costs("ann", "4.75", "bob", "1.25"), costBy("--by", "user"));
        assertEquals(costs("coder", "4.75", "reviewer", "1.25"), costBy("--by", "agent"));
        assertEquals(costs("s1", "4.75", "s2", "0.75", "s3", "0.5", "s4", "0"), costBy("--by", "session"));
        assertEquals(costs("t1", "4.75", "t2", "1.25", "t3", "0"), costBy("--by", "task"));
        assertEquals(costs("chat", "5.25", "voice", "0.75"), costBy("--by", "request-type"));
        assertEquals(costs("cloud", "6", "local", "0"), costBy("--by", "mode"));
        assertEquals(costs("plan", "2", "build", "3.5", "(none)", "0.5"), costBy("--by", "tag:phase"));
        assertEquals(costs("2026-10-31", "1.25", "2026-11-02", "3.5", "2026-11-23", "0.75", "2026-11-24", "0.5"),
                costBy("--by", "day"));
        assertEquals(costs("2026-W44", "1.25", "2026-W45", "3.5", "2026-W48", "1.25"), costBy("--by", "week"));
        assertEquals(costs("2026-10", "1.25", "2026-11", "4.75"), costBy("--by", "month"));
    }

    @Test
    void daysAndMonthsFollowTheReportTimeZone() {
        // 2026-10-31T23:30Z is already November 1st in Berlin (UTC+1 in winter)
        assertEquals(costs("2026-11", "6"), costBy("--by", "month", "--tz", "Europe/Berlin"));
        assertEquals(costs("2026-11-01", "1.25", "2026-11-02", "3.5", "2026-11-23", "0.75", "2026-11-24", "0.5"),
                costBy("--by", "day", "--tz", "Europe/Berlin"));
    }

    @Test
    void rangesAreExactToTheMillisecondAtPartialHours() {
        JsonNode total = cli.ok("report", "--format", "json", "--since", "2026-11-23T08:10:00Z",
                "--until", "2026-11-24T11:59:59.999Z").json().path("total");
        assertEquals(1, total.path("requests").asLong());
        assertEquals(0, new BigDecimal("0.75").compareTo(total.path("cost_usd").decimalValue()));
        total = cli.ok("report", "--format", "json", "--since", "2026-11-23T08:10:00.001Z").json().path("total");
        assertEquals(2, total.path("requests").asLong(), "the 11:59:59.999 and 12:00 calls");
        total = cli.ok("report", "--format", "json", "--since", "1d").json().path("total");
        assertEquals(2, total.path("requests").asLong());
    }

    @Test
    void filtersNarrowTheRows() {
        assertEquals(costs("gpt-4o", "1.25"), costByFiltered("--project", "beta"));
        assertEquals(costs("claude-opus-4-1-20250805", "3.5"), costByFiltered("--model", "claude-opus-4-1-20250805"));
        assertEquals(costs("llama3", "0"), costByFiltered("--provider", "ollama"));
        assertEquals(costs("gpt-4o", "1.25"), costByFiltered("--user", "bob"));
        assertEquals(costs("gpt-4o", "1.25"), costByFiltered("--agent", "reviewer"));
    }

    private Map<String, BigDecimal> costByFiltered(String flag, String value) {
        JsonNode report = cli.ok("report", "--format", "json", flag, value).json();
        Map<String, BigDecimal> costs = new HashMap<>();
        report.path("rows").forEach(r -> costs.put(r.path("model").asText(), r.path("cost_usd").decimalValue().stripTrailingZeros()));
        return costs;
    }

    @Test
    void nestedGroupsSortUnderTheirParentByCost() {
        JsonNode rows = cli.ok("report", "--by", "project,model", "--format", "json").json().path("rows");
        assertEquals("alpha", rows.get(0).path("project").asText());
        assertEquals("claude-opus-4-1-20250805", rows.get(0).path("model").asText());
        assertEquals("claude-sonnet-4-20250514", rows.get(1).path("model").asText());
        assertEquals("beta", rows.get(2).path("project").asText());
        assertEquals("gamma", rows.get(3).path("project").asText());
    }

    @Test
    void tableHasHeaderTotalAndThousandsSeparators() {
        cli.ok("record", "--model", "gpt-4o", "--input-tokens", "1234567", "--cost", "1");
        String table = cli.ok("report", "--since", "2026-11-01").out();
        assertTrue(table.startsWith("Usage by model, 2026-11-01 00:00 → now (UTC)"), table);
        assertTrue(table.contains("1,234,767"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("Total")), table);
    }

    @Test
    void tableColumnsLineUpWithCjkNamesAndEmojiTags() {
        Cli wide = new Cli(dir.resolve("wide.db"), NOW);
        wide.ok("record", "--model", "gpt-4o", "--project", "日本語プロジェクト", "--tag", "mood=🎉", "--cost", "1.5");
        wide.ok("record", "--model", "gpt-4o", "--project", "web", "--tag", "mood=ok", "--cost", "12.25",
                "--input-tokens", "123456");
        wide.ok("record", "--model", "gpt-4o", "--project", "데이터", "--tag", "mood=👍 done", "--cost", "0.5");
        String out = wide.ok("report", "--by", "project", "--by", "tag:mood").out();
        List<String> table = out.lines().skip(1).toList(); // the title line is prose
        assertEquals(7, table.size(), out);
        assertTrue(table.stream().anyMatch(l -> l.startsWith("日本語プロジェクト  🎉 ")), out);
        // measured here without DisplayWidth: these CJK, Hangul and emoji characters take two columns each
        java.util.function.ToIntFunction<String> columns = line -> line.codePoints()
                .map(c -> (c >= 0x3000 && c < 0xa000) || (c >= 0xac00 && c < 0xd7a4) || c >= 0x1f300 ? 2 : 1).sum();
        int width = columns.applyAsInt(table.get(0));
        for (String line : table) {
            assertEquals(width, columns.applyAsInt(line), "every line of the table is as wide as the header:\n" + out);
        }
    }

    @Test
    void csvIsRfc4180() {
        cli.ok("record", "--model", "gpt-4o", "--project", "a, \"quoted\" one", "--input-tokens", "1", "--cost", "1");
        String csv = cli.ok("report", "--by", "project", "--format", "csv").out();
        assertTrue(csv.startsWith("project,requests,input_tokens,output_tokens,cache_write_tokens,cache_read_tokens,"
                + "reasoning_tokens,cost_usd,unpriced_requests\r\n"), csv);
        assertTrue(csv.contains("\"a, \"\"quoted\"\" one\",1,1,0,0,0,0,1,0\r\n"), csv);
    }

    @Test
    void emptyRangeIsAFriendlyLine() {
        Cli.Result result = cli.ok("report", "--since", "2030-01-01");
        assertTrue(result.out().startsWith("No usage recorded"), result.out());
        Cli empty = Cli.on(backend, dir.resolve("empty"), NOW);
        assertTrue(empty.ok("report").out().startsWith("No usage recorded yet"));
        assertEquals(0, empty.ok("report", "--format", "json").json().path("rows").size());
    }

    @Test
    void badReportFlagsExitTwo() {
        for (String[] args : new String[][] {
                {"report", "--by", "colour"},
                {"report", "--since", "2026-11-10", "--until", "2026-11-01"},
                {"report", "--since", "soon"},
                {"report", "--format", "xml"},
                {"report", "--by", "tag:"},
        }) {
            Cli.Result result = cli.run(args);
            assertEquals(2, result.code(), String.join(" ", args));
            assertEquals(1, result.err().lines().count(), result.err());
        }
    }
}
