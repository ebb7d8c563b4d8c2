package dev.llmcost.cli;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class RecordCommandTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.on(backend, dir, NOW);
    }

    private BigDecimal totalCost() {
        return cli.ok("report", "--format", "json").json().path("total").path("cost_usd").decimalValue();
    }

    @Test
    void sameIdTwiceStoresOneRowAndSaysSo() {
        cli.ok("record", "--model", "gpt-4o", "--input-tokens", "10", "--id", "req-1");
        Cli.Result second = cli.ok("record", "--model", "gpt-4o", "--input-tokens", "10", "--id", "req-1");
        assertEquals(1, cli.rows());
        assertTrue(second.err().contains("already recorded: id req-1"), second.err());
        assertEquals(1, cli.ok("report", "--format", "json").json().path("total").path("requests").asLong());
    }

    @Test
    void pricesCacheTokensAtTheirOwnRatesAndReasoningOnceAsOutput() {
        // claude-sonnet-4: input 3, output 15, cache write 3.75, cache read 0.30 USD per million
        cli.ok("record", "--model", "claude-sonnet-4-20250514", "--input-tokens", "1000000",
                "--output-tokens", "200000", "--cache-write-tokens", "400000", "--cache-read-tokens", "2000000");
        assertEquals(0, new BigDecimal("3.00").add(new BigDecimal("3.00")).add(new BigDecimal("1.50"))
                .add(new BigDecimal("0.60")).compareTo(totalCost()));
        // gpt-4o-mini: input 0.15, output 0.60 per million; 50 of the 200k output are reasoning
        cli.ok("record", "--model", "gpt-4o-mini-2024-07-18", "--input-tokens", "1000000",
                "--output-tokens", "200000", "--reasoning-tokens", "50000");
        assertEquals(0, new BigDecimal("8.10").add(new BigDecimal("0.15")).add(new BigDecimal("0.12"))
                .compareTo(totalCost()));
    }

    @Test
    void matchesProviderPrefixAndDatedSuffix() {
        cli.ok("record", "--model", "anthropic/claude-sonnet-4", "--provider", "openrouter",
                "--input-tokens", "1000000");
        JsonNode row = cli.ok("report", "--by", "provider", "--format", "json").json().path("rows").get(0);
        assertEquals("openrouter", row.path("provider").asText());
        assertEquals(0, new BigDecimal("3").compareTo(row.path("cost_usd").decimalValue()));
    }

    @Test
    void givenCostWinsOverThePriceTable() {
        cli.ok("record", "--model", "gpt-4o", "--input-tokens", "1000000", "--cost", "0.123456789");
        assertEquals(new BigDecimal("0.123456789"), totalCost());
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE cost_source = 'given' AND cost_nanos = 123456789"));
    }

    @Test
    void unknownModelIsUnpricedNotFree() {
        Cli.Result result = cli.ok("record", "--model", "mystery-9000", "--input-tokens", "500");
        assertTrue(result.err().contains("no price known for model 'mystery-9000'"), result.err());
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE cost_nanos IS NULL AND cost_source = 'unpriced'"));
        JsonNode total = cli.ok("report", "--format", "json").json().path("total");
        assertEquals(1, total.path("unpriced_requests").asLong());
        assertTrue(cli.ok("report").out().contains("n/a"));
    }

    @Test
    void localModelsAreFreeByRuleAndNotFlagged() {
        Cli.Result result = cli.ok("record", "--model", "llama3.1:8b", "--provider", "ollama", "--input-tokens", "500");
        assertEquals("", result.err());
        JsonNode rows = cli.ok("report", "--by", "mode", "--format", "json").json().path("rows");
        assertEquals("local", rows.get(0).path("mode").asText());
        assertEquals(0, rows.get(0).path("unpriced_requests").asLong());
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE cost_nanos = 0 AND cost_source = 'local'"));
    }

    @Test
    void projectDefaultsToTheWorkingDirectoryName() {
        cli.workingDir(dir.resolve("my-website")).ok("record", "--model", "gpt-4o", "--input-tokens", "1");
        assertEquals("my-website", cli.ok("report", "--by", "project", "--format", "json").json()
                .path("rows").get(0).path("project").asText());
    }

    @Test
    void atPlacesTheCallInTime() {
        cli.ok("record", "--model", "gpt-4o", "--input-tokens", "1", "--at", "2026-11-20T08:15:00Z");
        cli.ok("record", "--model", "gpt-4o", "--input-tokens", "1", "--at", "2h");
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE occurred_at = '2026-11-20T08:15:00.000Z'"));
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE occurred_at = '2026-11-24T10:30:00.000Z'"));
    }

    @Test
    void aSavedStreamIsOneCallRecordedOnce() {
        String saved = dev.llmcost.proxy.Canned.stream("anthropic-stream.sse", true);
        Cli.Result first = cli.runWithStdin(saved, "record", "--json", "-", "--project", "streams");
        assertEquals(0, first.code(), first.err());
        Cli.Result again = cli.runWithStdin(saved, "record", "--json", "-", "--project", "streams");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("already recorded: id msg_01FakeStream04"), again.err());
        assertEquals(1, cli.rows());
        assertEquals(List.of("30 120 1024 8000"), cli.strings("SELECT input_tokens || ' ' || output_tokens || ' ' "
                + "|| cache_write_tokens || ' ' || cache_read_tokens FROM events"));
        Cli.Result noUsage = cli.runWithStdin(dev.llmcost.proxy.Canned.stream("openai-chat-stream.sse", false),
                "record", "--json", "-");
        assertEquals(2, noUsage.code());
        assertEquals(1, noUsage.err().lines().count(), noUsage.err());
        assertEquals(1, cli.rows());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--model gpt-4o --input-tokens -1",
            "--model gpt-4o --output-tokens abc",
            "--model gpt-4o --input-tokens 99999999999999999999",
            "--model gpt-4o --cost -1",
            "--model gpt-4o --cost NaN",
            "--model gpt-4o --cost 1e3",
            "--model gpt-4o --at yesterday-ish",
            "--model gpt-4o --at 2099-01-01",
            "--model gpt-4o --at 1969-12-31",
            "--model gpt-4o --output-tokens 5 --reasoning-tokens 6",
            "--input-tokens 5",
            "--model gpt-4o --duration-ms -3",
            "--model gpt-4o --tz Mars/Olympus",
    })
    void badFlagsExitTwoWithOneLineAndWriteNothing(String args) {
        cli.ok("record", "--model", "gpt-4o", "--input-tokens", "1");
        Cli.Result result = cli.run(("record " + args).split(" "));
        assertEquals(2, result.code(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("llmcost: "), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
        assertEquals(1, cli.rows());
    }

    @Test
    void badJsonExitsTwoAndWritesNothing() throws Exception {
        cli.ok("record", "--model", "gpt-4o", "--input-tokens", "1");
        for (String bad : new String[] {
                "{\"usage\": {\"prompt_tokens\": 5",
                "{\"model\": \"gpt-4o\", \"usage\": {\"prompt_tokens\": -5}}",
                "{\"model\": \"gpt-4o\", \"usage\": {\"prompt_tokens\": \"5\"}}",
                "{\"model\": \"gpt-4o\", \"usage\": {\"prompt_tokens\": 5, \"prompt_tokens\": 6}}",
                "{\"model\": \"gpt-4o\"}",
                "[1, 2]",
                "",
                // the first line is fine, the second is not: nothing of either may land
                "{\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":5}}\n{\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":1.5}}",
        }) {
            Cli.Result result = cli.runWithStdin(bad, "record", "--json", "-");
            assertEquals(2, result.code(), bad + " → " + result.err());
            assertEquals(1, result.err().lines().count(), result.err());
            assertEquals(1, cli.rows(), bad);
        }
        Path directory = Files.createDirectory(dir.resolve("adir"));
        assertEquals(2, cli.run("record", "--json", directory.toString()).code());
        assertEquals(2, cli.run("record", "--json", dir.resolve("missing.json").toString()).code());
        assertEquals(1, cli.rows());
    }
}
