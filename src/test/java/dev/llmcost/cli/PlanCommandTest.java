package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class PlanCommandTest {
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String STATUSLINE_INPUT = "{\"session_id\":\"s1\",\"model\":{\"display_name\":\"Opus\"}}";

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.on(backend, dir, NOW);
    }

    private void call(String agent, String at, long input, String cost) {
        cli.ok("record", "--model", agent.equals("codex") ? "gpt-5" : "claude-sonnet-4-5", "--agent", agent,
                "--at", at, "--input-tokens", Long.toString(input), "--cost", cost);
    }

    @Test
    void setListReplaceAndRemove() {
        cli.ok("plan", "set", "claude", "max20");
        JsonNode plan = cli.ok("plan", "list", "--format", "json").json().path("plans").get(0);
        assertEquals("claude", plan.path("vendor").asText());
        assertEquals("claude-code", plan.path("agent").asText());
        assertEquals(0, new BigDecimal("200").compareTo(plan.path("monthly_usd").decimalValue()));
        assertTrue(plan.path("token_limit").isNull());
        cli.ok("plan", "set", "claude-code", "pro", "--token-limit", "220000");
        JsonNode plans = cli.ok("plan", "list", "--format", "json").json().path("plans");
        assertEquals(1, plans.size(), "one plan per vendor: claude-code is claude");
        assertEquals(220000, plans.get(0).path("token_limit").asLong());
        assertTrue(cli.ok("plan", "list").out().contains("Claude Pro"));
        cli.ok("plan", "remove", "claude");
        assertTrue(cli.ok("plan", "list").out().startsWith("No plan set."));
    }

    @Test
    void badPlansAreRefusedWithOneLineAndNothingStored() {
        for (String[] args : new String[][] {{"plan", "set", "claude", "ultra"}, {"plan", "set", "nosuchagent", "custom",
                "--monthly-usd", "5"}, {"plan", "set", "codex", "custom"}, {"plan", "set", "claude", "pro", "--token-limit", "0"},
                {"plan", "set", "claude", "pro", "--monthly-usd", "-3"}, {"plan", "remove", "codex"}}) {
            Cli.Result result = cli.run(args);
            assertEquals(2, result.code(), String.join(" ", args) + ": " + result.err());
            assertEquals(1, result.err().strip().lines().count(), result.err());
        }
        assertEquals(0, cli.ok("plan", "list", "--format", "json").json().path("plans").size());
    }

    @Test
    void aBlockAt40PercentOfACustomLimitShows40PercentInTheBlockReportAndTheStatusline() {
        call("claude-code", "2026-11-24T10:15:00Z", 2000, "0.10");
        call("claude-code", "2026-11-24T11:15:00Z", 2000, "0.10");
        call("codex", "2026-11-24T11:30:00Z", 50_000, "0.50"); // another agent: not in the Claude plan's block
        cli.ok("plan", "set", "claude", "max5", "--token-limit", "10000");
        JsonNode plan = cli.ok("report", "--by", "block", "--format", "json").json().path("plans").get(0);
        assertEquals(4000, plan.path("used_tokens").asLong());
        assertEquals(40, plan.path("percent_used").asLong());
        assertEquals("plan", plan.path("limit_source").asText());
        // 4,000 tokens in the hour from 10:15 to 11:15; 180 minutes left → 16,000 by 15:00
        assertEquals(16000, plan.path("projected_tokens").asLong());
        assertEquals(160, plan.path("projected_percent").asLong());
        String table = cli.ok("report", "--by", "block").out();
        assertTrue(table.contains("Plan Claude Max 5x: 4,000 of 10,000 tokens (40%), projected 160%"), table);
        String line = cli.runWithStdin(STATUSLINE_INPUT, "statusline").out();
        assertTrue(line.contains("max5 block 40% →160%"), line);
    }

    @Test
    void withoutALimitTheLargestEarlierBlockOfThePlansAgentStandsIn() {
        call("claude-code", "2026-11-23T01:00:00Z", 8000, "0.10");
        call("codex", "2026-11-23T09:00:00Z", 90_000, "0.10");
        call("claude-code", "2026-11-24T11:00:00Z", 2000, "0.10");
        cli.ok("plan", "set", "claude", "max20");
        JsonNode plan = cli.ok("report", "--by", "block", "--since", "2026-11-22", "--format", "json").json()
                .path("plans").get(0);
        assertEquals(8000, plan.path("token_limit").asLong());
        assertEquals("largest_block", plan.path("limit_source").asText());
        assertEquals(25, plan.path("percent_used").asLong());
        assertTrue(cli.ok("report", "--by", "block", "--since", "2026-11-22").out()
                .contains("limit = the largest block seen (Claude Max 20x's is not published)"));
        assertTrue(cli.runWithStdin(STATUSLINE_INPUT, "statusline").out().contains("max20 block 25%"));
    }

    @Test
    void subscriptionBillingSpreadsTheMonthlyPriceOverTheDaysAndKeepsOtherAgentsAtApiPrices() {
        call("claude-code", "2026-11-23T10:00:00Z", 1000, "3.00");
        call("claude-code", "2026-11-24T10:00:00Z", 1000, "4.00");
        call("codex", "2026-11-24T11:00:00Z", 1000, "0.25");
        cli.ok("plan", "set", "claude", "max20");
        JsonNode report = cli.ok("report", "--by", "day", "--since", "2026-11-23", "--billing", "subscription",
                "--format", "json", "--tz", "UTC").json();
        BigDecimal day = new BigDecimal("6.666666667"); // $200 over November's 30 days
        JsonNode sub = report.path("subscriptions").get(0);
        assertEquals(2, sub.path("days").asLong());
        assertEquals(0, day.multiply(BigDecimal.valueOf(2)).compareTo(sub.path("subscription_usd").decimalValue()));
        assertEquals(0, new BigDecimal("7.00").compareTo(sub.path("api_equivalent_usd").decimalValue()));
        assertEquals(0, day.multiply(BigDecimal.valueOf(2)).add(new BigDecimal("0.25"))
                .compareTo(report.path("total").path("billed_usd").decimalValue()));
        assertEquals(0, new BigDecimal("7.25").compareTo(report.path("total").path("cost_usd").decimalValue()));
        JsonNode rows = report.path("rows");
        assertEquals(0, day.compareTo(rows.get(0).path("billed_usd").decimalValue()));
        assertEquals(0, day.add(new BigDecimal("0.25")).compareTo(rows.get(1).path("billed_usd").decimalValue()));
        String byModel = cli.ok("report", "--by", "model", "--since", "2026-11-23", "--billing", "subscription").out();
        assertTrue(byModel.contains("Claude Max 20x ($200.00/month): $13.33 for 2 day(s)"), byModel);
        assertTrue(!byModel.contains("Billed  "), "no per-row billed column outside time reports: " + byModel);
    }
}
