package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.ingest.ClaudeCodeFixture;
import dev.llmcost.ingest.CodexFixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks llmcost against a peer: ccusage (npm, installed by .ci/run) reads the same generated Claude
 * Code transcripts and Codex rollouts. Tokens per day must agree exactly; cost to the cent (both price
 * tables have the same prices for these models).
 */
class CcusageComparisonIT {
    @TempDir
    Path dir;

    private static Path ccusage() {
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

    @Test
    void dailyTokensAndCostsAgreeWithCcusage() throws Exception {
        Path ccusage = ccusage();
        ClaudeCodeFixture fixture = new ClaudeCodeFixture(dir.resolve("claude"));
        fixture.write();
        Path db = dir.resolve("llmcost.db");
        Jar.Result ingest = Jar.run(db, "", "ingest", "claude-code", "--root", fixture.root().toString());
        assertEquals(0, ingest.code(), ingest.err());
        Jar.Result report = Jar.run(db, "", "report", "--by", "day", "--format", "json", "--tz", "UTC");
        assertEquals(0, report.code(), report.err());

        ProcessBuilder peer = new ProcessBuilder(List.of(ccusage.toString(), "claude", "daily", "--json", "--offline"));
        peer.environment().put("CLAUDE_CONFIG_DIR", fixture.root().toString());
        peer.environment().put("TZ", "UTC");
        peer.redirectErrorStream(false);
        Process process = peer.start();
        String peerOut = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String peerErr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), peerErr);

        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> ours = new TreeMap<>();
        json.readTree(report.out()).path("rows").forEach(r -> ours.put(r.path("day").asText(), r));
        Map<String, JsonNode> theirs = new TreeMap<>();
        json.readTree(peerOut).path("daily").forEach(d -> theirs.put(d.path("date").asText(), d));
        assertEquals(theirs.keySet(), ours.keySet(), "the same days");
        assertTrue(ours.size() >= 5);
        List<String> costDifferences = new ArrayList<>();
        for (String day : ours.keySet()) {
            JsonNode a = ours.get(day);
            JsonNode b = theirs.get(day);
            assertEquals(b.path("inputTokens").asLong(), a.path("input_tokens").asLong(), day + " input");
            assertEquals(b.path("outputTokens").asLong(), a.path("output_tokens").asLong(), day + " output");
            assertEquals(b.path("cacheCreationTokens").asLong(), a.path("cache_write_tokens").asLong(), day + " cache write");
            assertEquals(b.path("cacheReadTokens").asLong(), a.path("cache_read_tokens").asLong(), day + " cache read");
            BigDecimal difference = a.path("cost_usd").decimalValue().subtract(b.path("totalCost").decimalValue()).abs();
            if (difference.compareTo(new BigDecimal("0.005")) > 0) {
                costDifferences.add(day + ": llmcost " + a.path("cost_usd") + " vs ccusage " + b.path("totalCost"));
            }
        }
        assertEquals(List.of(), costDifferences);
        long total = ours.values().stream().mapToLong(r -> r.path("requests").asLong()).sum();
        assertEquals(fixture.calls, total);
    }

    /**
     * {@code report --by block} against {@code ccusage blocks}: the same blocks (ccusage's gap rows
     * aside), each with the same start, end, last call, calls and tokens, and cost to the cent.
     */
    @Test
    void billingBlocksAgreeWithCcusage() throws Exception {
        Path ccusage = ccusage();
        ClaudeCodeFixture fixture = new ClaudeCodeFixture(dir.resolve("claude"));
        fixture.write();
        Path db = dir.resolve("llmcost.db");
        Jar.Result ingest = Jar.run(db, "", "ingest", "claude-code", "--root", fixture.root().toString());
        assertEquals(0, ingest.code(), ingest.err());
        Jar.Result report = Jar.run(db, "", "report", "--by", "block", "--format", "json", "--tz", "UTC");
        assertEquals(0, report.code(), report.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode theirs = peer(ccusage, Map.of("CLAUDE_CONFIG_DIR", fixture.root().toString()), "claude", "blocks", "--json", "--offline");
        List<JsonNode> peerBlocks = new ArrayList<>();
        theirs.path("blocks").forEach(b -> {
            if (!b.path("isGap").asBoolean()) {
                peerBlocks.add(b);
            }
        });
        JsonNode rows = json.readTree(report.out()).path("rows");
        assertEquals(peerBlocks.size(), rows.size(), "the same number of blocks");
        assertTrue(rows.size() >= 5, "the fixture makes several blocks");
        List<String> costDifferences = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode a = rows.get(i);
            JsonNode b = peerBlocks.get(i);
            String name = "block " + b.path("startTime").asText();
            assertEquals(Instant.parse(b.path("startTime").asText()), Instant.parse(a.path("block_start").asText()), name);
            assertEquals(Instant.parse(b.path("endTime").asText()), Instant.parse(a.path("block_end").asText()), name);
            assertEquals(Instant.parse(b.path("actualEndTime").asText()), Instant.parse(a.path("last_call").asText()), name);
            assertEquals(b.path("entries").asLong(), a.path("requests").asLong(), name + " calls");
            JsonNode tokens = b.path("tokenCounts");
            assertEquals(tokens.path("inputTokens").asLong(), a.path("input_tokens").asLong(), name + " input");
            assertEquals(tokens.path("outputTokens").asLong(), a.path("output_tokens").asLong(), name + " output");
            assertEquals(tokens.path("cacheCreationInputTokens").asLong(), a.path("cache_write_tokens").asLong(),
                    name + " cache write");
            assertEquals(tokens.path("cacheReadInputTokens").asLong(), a.path("cache_read_tokens").asLong(),
                    name + " cache read");
            assertEquals(b.path("totalTokens").asLong(), a.path("total_tokens").asLong(), name + " total");
            assertEquals(b.path("isActive").asBoolean(), a.path("active").asBoolean(), name + " active");
            BigDecimal difference = a.path("cost_usd").decimalValue().subtract(b.path("costUSD").decimalValue()).abs();
            if (difference.compareTo(new BigDecimal("0.005")) > 0) {
                costDifferences.add(name + ": llmcost " + a.path("cost_usd") + " vs ccusage " + b.path("costUSD"));
            }
        }
        assertEquals(List.of(), costDifferences);
    }

    private static JsonNode peer(Path ccusage, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ccusage.toString()));
        command.addAll(List.of(args));
        ProcessBuilder peer = new ProcessBuilder(command);
        peer.environment().putAll(env);
        peer.environment().put("TZ", "UTC");
        Process process = peer.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), err);
        return new ObjectMapper().readTree(out);
    }

    /**
     * Codex: the fixture has cumulative totals, info:null notices, token_count events repeated unchanged, a legacy
     * session with totals only, a session without turn_context (both tools price it as gpt-5), a fork that copies its
     * parent's history and an archived session. ccusage's inputTokens is input less cached input, as llmcost stores it.
     */
    @Test
    void codexDailyTokensAndCostsAgreeWithCcusage() throws Exception {
        Path ccusage = ccusage();
        CodexFixture fixture = new CodexFixture(dir.resolve("codex"));
        fixture.write();
        Path db = dir.resolve("llmcost.db");
        Jar.Result ingest = Jar.run(db, "", "ingest", "codex", "--root", fixture.root().toString());
        assertEquals(0, ingest.code(), ingest.err());
        Jar.Result report = Jar.run(db, "", "report", "--by", "day", "--format", "json", "--tz", "UTC");
        assertEquals(0, report.code(), report.err());
        JsonNode peerDaily = peer(ccusage, Map.of("CODEX_HOME", fixture.root().toString()), "codex", "daily", "--json", "--offline");

        Map<String, JsonNode> ours = new TreeMap<>();
        new ObjectMapper().readTree(report.out()).path("rows").forEach(r -> ours.put(r.path("day").asText(), r));
        Map<String, JsonNode> theirs = new TreeMap<>();
        peerDaily.path("daily").forEach(d -> theirs.put(d.path("date").asText(), d));
        assertEquals(theirs.keySet(), ours.keySet(), "the same days");
        assertTrue(ours.size() >= 5);
        List<String> costDifferences = new ArrayList<>();
        for (String day : ours.keySet()) {
            JsonNode a = ours.get(day);
            JsonNode b = theirs.get(day);
            assertEquals(b.path("inputTokens").asLong(), a.path("input_tokens").asLong(), day + " input (less cached)");
            assertEquals(b.path("cacheReadTokens").asLong(), a.path("cache_read_tokens").asLong(), day + " cached input");
            assertEquals(b.path("outputTokens").asLong(), a.path("output_tokens").asLong(), day + " output");
            assertEquals(b.path("reasoningOutputTokens").asLong(), a.path("reasoning_tokens").asLong(), day + " reasoning");
            assertEquals(b.path("cacheCreationTokens").asLong(), a.path("cache_write_tokens").asLong(), day + " cache write");
            BigDecimal difference = a.path("cost_usd").decimalValue().subtract(b.path("costUSD").decimalValue()).abs();
            if (difference.compareTo(new BigDecimal("0.005")) > 0) {
                costDifferences.add(day + ": llmcost " + a.path("cost_usd") + " vs ccusage " + b.path("costUSD"));
            }
        }
        assertEquals(List.of(), costDifferences);
        long total = ours.values().stream().mapToLong(r -> r.path("requests").asLong()).sum();
        assertEquals(fixture.calls, total);
    }
}
