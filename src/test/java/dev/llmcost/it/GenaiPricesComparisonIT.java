package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.Cli;
import dev.llmcost.pricing.PriceData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks every stored cost against @pydantic/genai-prices' own engine ({@code calcPrice}, run in
 * node; .ci/run installs the pinned package): a few hundred random calls with a fixed seed — models
 * drawn from every provider in the table plus named hard cases, long-context sizes, 1-hour cache
 * writes, times on both sides of price changes and across the UTC day, unknown models — recorded
 * through the CLI, then compared within 1e-9 USD. Unknown models must be stored unpriced, never $0.
 */
class GenaiPricesComparisonIT {
    private static final Path PACKAGE = Path.of(".ci/node/node_modules/@pydantic/genai-prices").toAbsolutePath();
    private static final Path SCRIPT = Path.of("src/test/node/genai-prices-calc.cjs").toAbsolutePath();
    private static final BigDecimal TOLERANCE = new BigDecimal("1e-9");
    private static final int CALLS = 400;

    /** Hard cases, drawn often: tiers, dated and time-of-day prices, Bedrock/Azure ids, resellers, fallbacks. */
    private static final String[][] NAMED = {
            {"google", "gemini-2.5-pro"}, {"anthropic", "claude-sonnet-4-5"}, {"anthropic", "claude-sonnet-4-6"},
            {"anthropic", "claude-opus-4-6"}, {"deepseek", "deepseek-chat"}, {"deepseek", "deepseek-reasoner"},
            {"aws", "anthropic.claude-3-5-sonnet-20240620-v1:0"}, {"bedrock", "us.anthropic.claude-sonnet-4-6"},
            {"azure", "gpt-4o"}, {"azure", "claude-sonnet-4-5"}, {"openai", "gpt-5"}, {"openai", "openai/gpt-4o"},
            {"openrouter", "anthropic/claude-sonnet-4.5"}, {"unknown", "claude-sonnet-4-5"}, {"google", "gemini-3.6-flash"},
            {"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo"}, {"moonshotai", "kimi-k2"}, {"zai", "glm-4.6"},
            {"minimax", "MiniMax-M2"}, {"cerebras", "llama3.1-8b"}, {"novita", "deepseek/deepseek-v3"},
            {"fireworks", "accounts/fireworks/models/llama-v3p1-8b-instruct"}, {"vertex", "gemini-2.5-pro"},
            {"anthropic", "claude-haiku-4-5"}, {"mistral", "mistral-large-latest"}, {"x-ai", "grok-4"},
    };

    @TempDir
    Path dir;

    private record Call(String provider, String model, long input, long output, long cacheWrite, long cacheWrite1h,
                        long cacheRead, long reasoning, Instant at) {
    }

    private static Path node() {
        boolean required = "1".equals(System.getenv("LLMCOST_REQUIRE_GENAI_PRICES"));
        if (!Files.isDirectory(PACKAGE)) {
            if (required) {
                fail("@pydantic/genai-prices not installed at " + PACKAGE + " (install it with .ci/run)");
            }
            Assumptions.abort("@pydantic/genai-prices not installed at " + PACKAGE + "; .ci/run installs it");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path node = Path.of(dir, "node");
            if (Files.isExecutable(node)) {
                return node;
            }
        }
        if (required) {
            fail("node not on PATH");
        }
        Assumptions.abort("node not on PATH");
        return null;
    }

    @Test
    void everyStoredCostEqualsGenaiPricesCalcPrice() throws Exception {
        Path node = node();
        Random random = new Random(13);
        List<PriceData.Model> tableModels = PriceData.bundled().allModels();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String provider;
            String model;
            double pick = random.nextDouble();
            if (pick < 0.4) {
                String[] named = NAMED[random.nextInt(NAMED.length)];
                provider = named[0];
                model = named[1];
            } else if (pick < 0.9) {
                PriceData.Model m = tableModels.get(random.nextInt(tableModels.size()));
                provider = m.provider();
                model = m.id();
            } else {
                provider = random.nextBoolean() ? "unknown" : "anthropic";
                model = "unreleased-model-" + random.nextInt(1000);
            }
            boolean longContext = random.nextDouble() < 0.35;
            long total = longContext ? 150_000 + random.nextInt(1_100_000) : random.nextInt(20_000);
            long cacheRead = random.nextBoolean() ? (long) (total * random.nextDouble() * 0.9) : 0;
            long cacheWrite = random.nextBoolean() ? (long) ((total - cacheRead) * random.nextDouble() * 0.5) : 0;
            long cacheWrite1h = random.nextDouble() < 0.3 ? (long) (cacheWrite * random.nextDouble()) : 0;
            long input = total - cacheRead - cacheWrite;
            long output = random.nextInt(40_000);
            long reasoning = random.nextDouble() < 0.3 ? (long) (output * random.nextDouble()) : 0;
            // 2025-01-01 .. 2027-03-01: both sides of 2026-03-13 and 2027-01-01, any time of the UTC day
            Instant at = Instant.ofEpochMilli(1_735_689_600_000L + (long) (random.nextDouble() * 67_392_000_000L));
            calls.add(new Call(provider, model, input, output, cacheWrite, cacheWrite1h, cacheRead, reasoning, at));
        }

        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2027-03-02T00:00:00Z"));
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            Cli.Result result = cli.run("record", "--provider", c.provider(), "--model", c.model(), "--project", "cmp",
                    "--input-tokens", "" + c.input(), "--output-tokens", "" + c.output(),
                    "--cache-write-tokens", "" + c.cacheWrite(), "--cache-write-1h-tokens", "" + c.cacheWrite1h(),
                    "--cache-read-tokens", "" + c.cacheRead(), "--reasoning-tokens", "" + c.reasoning(),
                    "--at", c.at().toString(), "--id", "call-" + i);
            assertEquals(0, result.code(), c + ": " + result.err());
        }

        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (Call c : calls) {
            ObjectNode line = json.createObjectNode();
            line.put("provider", c.provider());
            line.put("model", c.model());
            line.put("timestamp", c.at().toString());
            ObjectNode usage = line.putObject("usage");
            usage.put("input_tokens", c.input() + c.cacheRead() + c.cacheWrite());
            usage.put("output_tokens", c.output());
            usage.put("cache_read_tokens", c.cacheRead());
            usage.put("cache_write_tokens", c.cacheWrite());
            usage.put("cache_write_1h_tokens", c.cacheWrite1h());
            usage.put("output_reasoning_tokens", c.reasoning());
            lines.append(json.writeValueAsString(line)).append('\n');
        }
        List<JsonNode> engine = runEngine(node, lines.toString(), json);
        assertEquals(calls.size(), engine.size(), "one engine answer per call");

        Map<String, Long[]> stored = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.db());
             ResultSet rs = c.createStatement().executeQuery("SELECT event_key, cost_nanos, cost_source FROM events")) {
            while (rs.next()) {
                String key = rs.getString(1);
                long nanos = rs.getLong(2);
                stored.put(key, new Long[] {rs.wasNull() ? null : nanos});
                sources.put(rs.getString(1), rs.getString(3));
            }
        }
        List<String> wrong = new ArrayList<>();
        Set<String> pricedProviders = new HashSet<>();
        int priced = 0;
        int unpriced = 0;
        int tierSized = 0;
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            JsonNode answer = engine.get(i);
            Long nanos = stored.get("call-" + i)[0];
            String source = sources.get("call-" + i);
            if (answer.has("error")) {
                wrong.add(c + ": engine error " + answer.get("error"));
            } else if (answer.get("total_price").isNull()) {
                unpriced++;
                if (nanos != null || !"unpriced".equals(source)) {
                    wrong.add(c + ": engine has no price, llmcost stored " + nanos + " nano-USD (" + source + ")");
                }
            } else {
                priced++;
                pricedProviders.add(answer.get("provider").asText());
                if (c.input() + c.cacheRead() + c.cacheWrite() > 200_000) {
                    tierSized++;
                }
                BigDecimal expected = new BigDecimal(answer.get("total_price").asText());
                if (nanos == null) {
                    wrong.add(c + ": engine $" + expected + " (" + answer.get("model").asText() + "), llmcost unpriced");
                } else {
                    BigDecimal actual = BigDecimal.valueOf(nanos, 9);
                    if (actual.subtract(expected).abs().compareTo(TOLERANCE) > 0) {
                        wrong.add(c + ": engine $" + expected + " (" + answer.get("model").asText() + "), llmcost $"
                                + actual);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " of " + calls.size()
                + " calls differ (first 10 shown)");
        assertTrue(pricedProviders.size() >= 10, "priced calls span " + pricedProviders);
        assertTrue(unpriced >= 20, "unknown models drawn: " + unpriced);
        assertTrue(tierSized >= 50, "long-context calls priced: " + tierSized);
        assertTrue(priced >= 300, "priced calls: " + priced);
    }

    private static List<JsonNode> runEngine(Path node, String input, ObjectMapper json) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(node.toString(), SCRIPT.toString(), PACKAGE.toString()).start();
        Thread writer = new Thread(() -> {
            try (var in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        writer.join();
        assertEquals(0, process.waitFor(), err);
        List<JsonNode> answers = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                answers.add(json.readTree(line));
            }
        }
        return answers;
    }
}
