package dev.llmcost.pricing;

import dev.llmcost.Cli;
import dev.llmcost.model.CostSource;
import dev.llmcost.model.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The prices issue #13 found wrong, each with the figure @pydantic/genai-prices 0.1.8's own
 * {@code calcPrice} gives for the same model, provider, usage and time (run in node; see
 * src/test/node/genai-prices-calc.cjs). GenaiPricesComparisonIT checks hundreds more.
 */
class GenaiPricesMissesTest {
    private final Pricer pricer = new Pricer(null);

    @TempDir
    Path dir;

    private BigDecimal cost(String provider, String model, Tokens tokens, String at) {
        Pricer.Priced priced = pricer.price(provider, model, tokens, null, Instant.parse(at));
        assertEquals(CostSource.PRICED, priced.source(), model);
        return priced.costUsd();
    }

    private static void assertUsd(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected $" + expected + ", got $" + actual);
    }

    @Test
    void longContextTierPricesTheWholeGemini25ProCall() {
        // engine: 0.765 (300k input > 200k: 2.5/MTok in, 15/MTok out); the base tier alone gave 0.385
        assertUsd("0.765", cost("google", "gemini-2.5-pro", new Tokens(300_000, 1_000, 0, 0, 0), "2026-11-20T10:00:00Z"));
        // at exactly 200,000 input tokens the engine still uses the base tier (start is exceeded, not reached)
        assertUsd("0.26", cost("google", "gemini-2.5-pro", new Tokens(200_000, 1_000, 0, 0, 0), "2026-11-20T10:00:00Z"));
    }

    @Test
    void longContextTierCountsCacheReadsAndWritesAsInputForClaudeSonnet45() {
        // 10 uncached + 5,000 cache write + 250,000 cache read = 255,010 input: engine 0.23256 (tier price for every field)
        assertUsd("0.23256", cost("anthropic", "claude-sonnet-4-5", new Tokens(10, 2_000, 5_000, 250_000, 0), "2026-02-10T10:00:00Z"));
        // 155,010 input: base tier, engine 0.09378
        assertUsd("0.09378", cost("anthropic", "claude-sonnet-4-5", new Tokens(10, 2_000, 5_000, 150_000, 0), "2026-02-10T10:00:00Z"));
    }

    @Test
    void deepseekChatOffPeakHoursAreHalfPrice() {
        Tokens million = new Tokens(1_000_000, 1_000_000, 0, 0, 0);
        assertUsd("0.685", cost("deepseek", "deepseek-chat", million, "2026-11-20T17:00:00Z")); // UTC 16:30-00:30
        assertUsd("0.685", cost("deepseek", "deepseek-chat", million, "2026-11-20T00:29:59.999Z"));
        assertUsd("1.37", cost("deepseek", "deepseek-chat", million, "2026-11-20T12:00:00Z"));
        assertUsd("1.37", cost("deepseek", "deepseek-chat", million, "2026-11-20T00:30:00Z"));
    }

    @Test
    void claudeSonnet46AndOpus46WereTieredBefore20260313() {
        Tokens big = new Tokens(300_000, 10_000, 0, 0, 0);
        assertUsd("2.025", cost("anthropic", "claude-sonnet-4-6", big, "2026-03-12T23:59:59Z"));
        assertUsd("1.05", cost("anthropic", "claude-sonnet-4-6", big, "2026-03-13T00:00:00Z"));
        assertUsd("3.375", cost("anthropic", "claude-opus-4-6", big, "2026-01-05T09:00:00Z"));
    }

    @Test
    void everyProviderIsBundledBedrockAzureAndMoonshotIncluded() {
        Tokens tokens = new Tokens(100_000, 10_000, 0, 0, 0);
        assertUsd("0.45", cost("aws", "anthropic.claude-3-5-sonnet-20240620-v1:0", tokens, "2026-01-05T09:00:00Z"));
        assertUsd("0.45", cost(Providers.infer("anthropic.claude-3-5-sonnet-20240620-v1:0"),
                "anthropic.claude-3-5-sonnet-20240620-v1:0", tokens, "2026-01-05T09:00:00Z"));
        assertUsd("0.35", cost("azure", "gpt-4o", tokens, "2026-01-05T09:00:00Z"));
        assertUsd("0.08", cost("moonshotai", "kimi-k2", tokens, "2026-01-05T09:00:00Z"));
        assertEquals(43, pricer.data().providerIds().size());
    }

    @Test
    void oneHourCacheWritesCostTwiceTheInputPrice() {
        // 10,000 cache writes, all 1-hour: 6/MTok (engine 0.09); as 5-minute writes 3.75/MTok (engine 0.0675)
        assertUsd("0.09", cost("anthropic", "claude-sonnet-4-5", new Tokens(10_000, 0, 10_000, 0, 0, 10_000), "2026-02-10T10:00:00Z"));
        assertUsd("0.0675", cost("anthropic", "claude-sonnet-4-5", new Tokens(10_000, 0, 10_000, 0, 0, 0), "2026-02-10T10:00:00Z"));
    }

    @Test
    void unknownModelIsUnpricedNeverZero() {
        Pricer.Priced priced = pricer.price("anthropic", "claude-unreleased-x", new Tokens(1, 1, 0, 0, 0), null,
                Instant.parse("2026-01-05T09:00:00Z"));
        assertEquals(CostSource.UNPRICED, priced.source());
        assertNull(priced.costUsd());
    }

    @Test
    void recordStoresTheTierPriceAndItsProvenance() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-26T12:00:00Z"));
        Cli.Result result = cli.run("record", "--model", "gemini-2.5-pro", "--input-tokens", "300000",
                "--output-tokens", "1000", "--at", "2026-11-20T10:00:00Z");
        assertEquals(0, result.code(), result.err());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.db());
             ResultSet rs = c.createStatement().executeQuery("SELECT provider, cost_nanos, cost_source, cost_basis FROM events")) {
            rs.next();
            assertEquals("google", rs.getString(1));
            assertEquals(765_000_000L, rs.getLong(2));
            assertEquals("priced", rs.getString(3));
            assertEquals(pricer.data().source().label(), rs.getString(4));
        }
    }

    @Test
    void anthropicResponseWithOneHourCacheWritesIsStoredAndPricedApart() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-26T12:00:00Z"));
        Cli.Result result = cli.runWithStdin("""
                {"id": "msg_1h", "type": "message", "model": "claude-sonnet-4-5-20250929",
                 "usage": {"input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 10000,
                   "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 10000}}}""",
                "record", "--json", "-", "--at", "2026-02-10T10:00:00Z");
        assertEquals(0, result.code(), result.err());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.db());
             ResultSet rs = c.createStatement().executeQuery("SELECT cache_write_tokens, cache_write_1h_tokens, cost_nanos FROM events")) {
            rs.next();
            assertEquals(10_000, rs.getLong(1));
            assertEquals(10_000, rs.getLong(2));
            assertEquals(60_000_000L, rs.getLong(3)); // engine: 0.06 (6/MTok), not 0.0375 (3.75/MTok)
        }
    }

    @Test
    void moreOneHourCacheWritesThanCacheWritesIsRefusedAndNothingWritten() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-26T12:00:00Z"));
        Cli.Result result = cli.run("record", "--model", "claude-sonnet-4-5", "--cache-write-tokens", "10",
                "--cache-write-1h-tokens", "11");
        assertEquals(2, result.code());
        assertEquals("llmcost: --cache-write-1h-tokens (11) exceeds --cache-write-tokens (10); 1-hour cache writes are"
                + " counted as part of the cache writes", result.err().strip());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.db());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'events'")) {
            rs.next();
            if (rs.getInt(1) == 1) {
                try (ResultSet events = c.createStatement().executeQuery("SELECT count(*) FROM events")) {
                    events.next();
                    assertEquals(0, events.getInt(1));
                }
            }
        }
    }
}
