package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** prices (tiers, dated and time-of-day prices, formats, source line) and report --price-as. */
class PricesCommandTest {
    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-26T12:00:00Z"));
    }

    @Test
    void showsTiersAndTheDatedPriceInForce() {
        Cli.Result before = cli().run("prices", "claude-sonnet-4-6", "--at", "2026-03-01", "--format", "json");
        assertEquals(0, before.code(), before.err());
        JsonNode row = before.json().path("prices").get(0);
        assertEquals("anthropic", row.path("provider").asText());
        assertEquals("base", row.path("applies").asText());
        assertEquals("3", row.path("prices").path("input_mtok").path("base").asText());
        assertEquals(200000, row.path("prices").path("input_mtok").path("tiers").get(0).path("start").asLong());
        assertEquals("6", row.path("prices").path("input_mtok").path("tiers").get(0).path("price").asText());
        assertEquals(2, row.path("conditional_prices").size());
        assertEquals("@pydantic/genai-prices", before.json().path("source").path("name").asText());
        assertEquals("0.1.8", before.json().path("source").path("version").asText());

        Cli.Result after = cli().run("prices", "claude-sonnet-4-6", "--at", "2026-03-13");
        assertEquals(0, after.code(), after.err());
        assertTrue(after.out().contains("from 2026-03-13"), after.out());
        assertTrue(after.out().contains("  from 2026-03-13: input_mtok=3,"), after.out());
    }

    @Test
    void showsTheTimeOfDayPriceAtATime() {
        Cli.Result offPeak = cli().run("prices", "deepseek-chat", "--at", "2026-11-24T17:00:00Z", "--format", "csv");
        assertEquals(0, offPeak.code(), offPeak.err());
        String[] lines = offPeak.out().split("\r\n");
        assertEquals("provider,model,input,output,cache_write,cache_write_1h,cache_read,other,applies,price_source", lines[0]);
        assertTrue(lines[1].startsWith("deepseek,deepseek-chat,0.135,0.55,=input,=input,0.035,,base,"), lines[1]);
        Cli.Result peak = cli().run("prices", "deepseek-chat", "--at", "2026-11-24T12:00:00Z", "--format", "csv");
        assertTrue(peak.out().split("\r\n")[1].startsWith("deepseek,deepseek-chat,0.27,1.1,=input,=input,0.07,,UTC 00:30:00Z-16:30:00Z,"),
                peak.out());
    }

    @Test
    void sourceIsOneLineWithVersionAndDate() {
        Cli.Result all = cli().run("prices");
        assertEquals(0, all.code(), all.err());
        String last = all.out().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("Source: @pydantic/genai-prices 0\\.1\\.8 \\(MIT, https://github\\.com/pydantic/genai-prices\\), "
                + "generated \\d{4}-\\d{2}-\\d{2}; prices at 2026-11-26T12:00:00Z"), last);
        assertTrue(all.out().lines().count() > 1500, "every provider's models are listed");
        Cli.Result bedrock = cli().run("prices", "anthropic.claude-3-5-sonnet-20240620-v1:0", "--format", "json");
        assertEquals("aws", bedrock.json().path("prices").get(0).path("provider").asText());
    }

    @Test
    void unknownModelIsAUsageError() {
        Cli.Result result = cli().run("prices", "no-such-model-anywhere");
        assertEquals(2, result.code());
        assertTrue(result.err().startsWith("llmcost: no price known for model 'no-such-model-anywhere'"), result.err());
        assertEquals(1, result.err().lines().count());
    }

    @Test
    void reportPriceAsShowsWhatTheSameCallsWouldHaveCost() {
        Cli cli = cli();
        assertEquals(0, cli.run("record", "--model", "gemini-2.5-pro", "--input-tokens", "300000", "--output-tokens", "1000",
                "--at", "2026-11-20T10:00:00Z").code());
        assertEquals(0, cli.run("record", "--model", "claude-sonnet-4-5", "--input-tokens", "1000", "--output-tokens", "1000",
                "--at", "2026-11-20T11:00:00Z").code());
        Cli.Result result = cli.run("report", "--by", "model", "--price-as", "gemini-2.5-pro", "--format", "json");
        assertEquals(0, result.code(), result.err());
        JsonNode json = result.json();
        assertEquals("gemini-2.5-pro", json.path("price_as").asText());
        JsonNode gemini = json.path("rows").get(0);
        assertEquals("gemini-2.5-pro", gemini.path("model").asText());
        assertEquals("0.765", gemini.path("cost_usd").asText());
        assertEquals("0.765", gemini.path("cost_as_usd").asText());
        JsonNode claude = json.path("rows").get(1);
        assertEquals("0.018", claude.path("cost_usd").asText()); // 1000 x 3 + 1000 x 15 per MTok
        assertEquals("0.01125", claude.path("cost_as_usd").asText()); // 1000 x 1.25 + 1000 x 10 per MTok
        assertEquals("0.77625", json.path("total").path("cost_as_usd").asText());

        Cli.Result table = cli.run("report", "--price-as", "gemini-2.5-pro");
        assertTrue(table.out().contains("As gemini-2.5-pro"), table.out());
        Cli.Result unknown = cli.run("report", "--price-as", "no-such-model");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("llmcost: --price-as: no price known for model 'no-such-model'"), unknown.err());
    }
}
