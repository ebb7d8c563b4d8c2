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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class BudgetCommandTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.on(backend, dir, NOW);
    }

    private void spend(String project, String usd) {
        cli.ok("record", "--model", "gpt-4o", "--project", project, "--user", "ann", "--cost", usd);
    }

    private int status(String... scope) {
        String[] args = new String[scope.length + 3];
        args[0] = "budget";
        args[1] = "status";
        args[2] = "--quiet";
        System.arraycopy(scope, 0, args, 3, scope.length);
        Cli.Result result = cli.run(args);
        assertEquals("", result.out(), "--quiet prints nothing");
        return result.code();
    }

    @Test
    void exitCodesAtEveryBoundary() {
        cli.ok("budget", "set", "--project", "web", "--daily", "10", "--alert-at", "80");
        assertEquals(0, status());
        spend("web", "7.999999999");
        assertEquals(0, status(), "just under the alert threshold");
        spend("web", "0.000000001");
        assertEquals(4, status(), "exactly at the alert threshold");
        spend("web", "1.999999999");
        assertEquals(4, status(), "just under the limit");
        spend("web", "0.000000001");
        assertEquals(3, status(), "exactly at the limit");
        cli.ok("budget", "set", "--global", "--monthly", "1000");
        assertEquals(3, status(), "over wins over ok");
        assertEquals(0, status("--global"));
        cli.ok("budget", "set", "--user", "ann", "--weekly", "12");
        assertEquals(4, status("--user", "ann"));
    }

    @Test
    void statusShowsSpentLimitRemainingPercentAndProjection() {
        cli.ok("budget", "set", "--project", "web", "--daily", "10", "--monthly", "300");
        spend("web", "2.5");
        spend("other", "100");
        JsonNode budgets = cli.run("budget", "status", "--format", "json").json().path("budgets");
        assertEquals(2, budgets.size());
        JsonNode daily = budgets.get(0);
        assertEquals("daily", daily.path("period").asText());
        assertEquals(0, new BigDecimal("2.5").compareTo(daily.path("spent_usd").decimalValue()));
        assertEquals(0, new BigDecimal("7.5").compareTo(daily.path("remaining_usd").decimalValue()));
        assertEquals(0, new BigDecimal("25.0").compareTo(daily.path("percent_used").decimalValue()));
        assertEquals("ok", daily.path("state").asText());
        // half the day has passed at 12:00 UTC: $2.50 so far projects to $5.00
        assertEquals(0, new BigDecimal("5").compareTo(daily.path("projected_usd").decimalValue()));
        assertEquals("2026-11-24T00:00:00Z", daily.path("period_start").asText());
        String table = cli.run("budget", "status").out();
        assertTrue(table.contains("project web") && table.contains("$2.50") && table.contains("25.0%"), table);

        cli.ok("budget", "set", "--global", "--weekly", "1000");
        JsonNode global = cli.run("budget", "status", "--global", "--format", "json").json().path("budgets").get(0);
        assertEquals("global", global.path("scope").asText());
        assertTrue(global.path("subject").isNull(), global.toString());
        String csv = cli.run("budget", "status", "--format", "csv").out();
        assertEquals(List.of("scope,subject,period,period_start,period_end,spent_usd,limit_usd,remaining_usd,"
                        + "percent_used,alert_percent,state,projected_usd",
                // 1.5 days into the week: $102.50 so far projects to $478.33 over 7 days
                "global,,weekly,2026-11-23T00:00:00Z,2026-11-30T00:00:00Z,102.5,1000,897.5,10.2,80,ok,478.333333333",
                "project,web,daily,2026-11-24T00:00:00Z,2026-11-25T00:00:00Z,2.5,10,7.5,25.0,80,ok,5"),
                csv.lines().limit(3).toList());
        assertEquals(4, csv.lines().count(), csv);
        assertTrue(csv.endsWith("\r\n"), "RFC 4180 line ends");
    }

    @Test
    void monthIsTheCalendarMonthInTheReportTimeZone() {
        Instant lateOnTheLastDay = Instant.parse("2026-12-01T04:45:00Z"); // 23:45 on Nov 30 in New York
        cli.at(lateOnTheLastDay);
        cli.ok("budget", "set", "--global", "--monthly", "100");
        cli.ok("record", "--model", "gpt-4o", "--cost", "1", "--at", "2026-12-01T04:30:00Z"); // 23:30 Nov 30 NY
        cli.ok("record", "--model", "gpt-4o", "--cost", "2", "--at", "2026-11-01T04:30:00Z"); // 00:30 Nov 1 NY
        cli.ok("record", "--model", "gpt-4o", "--cost", "4", "--at", "2026-11-01T03:30:00Z"); // 23:30 Oct 31 NY
        JsonNode ny = cli.run("budget", "status", "--tz", "America/New_York", "--format", "json").json()
                .path("budgets").get(0);
        assertEquals(0, new BigDecimal("3").compareTo(ny.path("spent_usd").decimalValue()), ny.toString());
        JsonNode utc = cli.run("budget", "status", "--tz", "UTC", "--format", "json").json().path("budgets").get(0);
        assertEquals(0, new BigDecimal("1").compareTo(utc.path("spent_usd").decimalValue()), "December in UTC");
    }

    @Test
    void recordWarnsOnCrossingAndFailsOverBudgetOnlyWhenAsked() {
        cli.ok("budget", "set", "--global", "--daily", "1");
        Cli.Result first = cli.run("record", "--model", "gpt-4o", "--cost", "0.85");
        assertEquals(0, first.code());
        assertTrue(first.err().contains("budget global (daily) passed its alert threshold"), first.err());
        Cli.Result second = cli.run("record", "--model", "gpt-4o", "--cost", "0.05");
        assertEquals("", second.err(), "no new crossing, no new warning");
        Cli.Result third = cli.run("record", "--model", "gpt-4o", "--cost", "0.2", "--fail-over-budget");
        assertEquals(3, third.code());
        assertTrue(third.err().contains("is over its limit"), third.err());
        assertEquals(3, cli.rows(), "the row is kept");
        assertEquals(0, cli.run("record", "--model", "gpt-4o", "--cost", "0.2").code(), "without the flag: exit 0");
    }

    @Test
    void setReplacesAndRemoveDeletes() {
        cli.ok("budget", "set", "--user", "ann", "--daily", "5", "--monthly", "50");
        cli.ok("budget", "set", "--user", "ann", "--daily", "7");
        JsonNode budgets = cli.run("budget", "status", "--format", "json").json().path("budgets");
        assertEquals(2, budgets.size());
        assertEquals(0, new BigDecimal("7").compareTo(budgets.get(0).path("limit_usd").decimalValue()));
        cli.ok("budget", "remove", "--user", "ann", "--daily");
        assertEquals(1, cli.count("SELECT count(*) FROM budgets"));
        assertEquals(2, cli.run("budget", "remove", "--user", "ann", "--daily").code());
        cli.ok("budget", "remove", "--user", "ann");
        assertEquals(0, cli.count("SELECT count(*) FROM budgets"));
    }

    @Test
    void badBudgetInputExitsTwoAndChangesNothing() {
        cli.ok("budget", "set", "--global", "--daily", "5");
        for (String[] args : new String[][] {
                {"budget", "set", "--global", "--daily", "0"},
                {"budget", "set", "--global", "--daily", "-3"},
                {"budget", "set", "--global", "--daily", "abc"},
                {"budget", "set", "--global"},
                {"budget", "set", "--daily", "5"},
                {"budget", "set", "--global", "--project", "x", "--daily", "5"},
                {"budget", "set", "--global", "--daily", "5", "--alert-at", "0"},
                {"budget", "set", "--global", "--daily", "5", "--alert-at", "101"},
                {"budget", "remove", "--project", "nope"},
        }) {
            Cli.Result result = cli.run(args);
            assertEquals(2, result.code(), String.join(" ", args) + " → " + result.err());
            assertEquals(1, result.err().lines().count(), result.err());
        }
        assertEquals(1, cli.count("SELECT count(*) FROM budgets"));
        assertEquals(5_000_000_000L, cli.count("SELECT limit_nanos FROM budgets"));
    }
}
