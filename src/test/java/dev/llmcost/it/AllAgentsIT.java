package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.ingest.AgentLog;
import dev.llmcost.ingest.AgentLogs;
import dev.llmcost.ingest.AmpFixture;
import dev.llmcost.ingest.AntigravityFixture;
import dev.llmcost.ingest.ClaudeCodeFixture;
import dev.llmcost.ingest.CodebuffFixture;
import dev.llmcost.ingest.CodexFixture;
import dev.llmcost.ingest.CopilotFixture;
import dev.llmcost.ingest.DroidFixture;
import dev.llmcost.ingest.GeminiCliFixture;
import dev.llmcost.ingest.GooseFixture;
import dev.llmcost.ingest.GrokFixture;
import dev.llmcost.ingest.HermesFixture;
import dev.llmcost.ingest.KiloFixture;
import dev.llmcost.ingest.KimiFixture;
import dev.llmcost.ingest.OpenClawFixture;
import dev.llmcost.ingest.OpenCodeFixture;
import dev.llmcost.ingest.PiFixture;
import dev.llmcost.ingest.QwenFixture;
import dev.llmcost.ingest.ZCodeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One generated home with all eighteen agents' logs where each agent keeps them by default: `ingest` alone finds
 * and reads every one, `ingest --list` shows each with its files and calls, and `report --by agent` agrees.
 */
class AllAgentsIT {
    @TempDir
    Path dir;

    private static void write(String agent, Path root) throws Exception {
        Instant now = Instant.now();
        switch (agent) {
            case "claude-code" -> new ClaudeCodeFixture(root).write();
            case "codex" -> new CodexFixture(root).write();
            case "gemini-cli" -> new GeminiCliFixture(root, 1).write();
            case "opencode" -> new OpenCodeFixture(root, 2).write();
            case "amp" -> new AmpFixture(root, 3).write();
            case "droid" -> new DroidFixture(root, 4).write();
            case "codebuff" -> new CodebuffFixture(root, 5).write();
            case "hermes" -> new HermesFixture(root, 6, now).write();
            case "pi" -> new PiFixture(root, 7).write();
            case "goose" -> new GooseFixture(root, 8, now).write();
            case "kilo" -> new KiloFixture(root, 9).write();
            case "copilot" -> new CopilotFixture(root, 10).write();
            case "antigravity" -> new AntigravityFixture(root, 11).write();
            case "kimi" -> new KimiFixture(root, 12).write();
            case "qwen" -> new QwenFixture(root, 13).write();
            case "openclaw" -> new OpenClawFixture(root, 14).write();
            case "grok" -> new GrokFixture(root, 15).write();
            case "zcode" -> new ZCodeFixture(root, 16).write();
            default -> throw new AssertionError("no fixture for " + agent);
        }
    }

    @Test
    void ingestAloneReadsAllEighteenAgentsFromTheirDefaultPlaces() throws Exception {
        Path home = dir.resolve("home");
        Path db = dir.resolve("llmcost.db");
        // the child's environment: this one's, with HOME moved and nothing else pointing anywhere
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("XDG_") || name.endsWith("_DIR") || name.endsWith("_HOME")
                || name.endsWith("_PATH_ROOT") || name.equals("CLAUDE_CONFIG_DIR"));
        env.put("HOME", home.toString());
        assertEquals(18, AgentLogs.ALL.size());
        for (AgentLog log : AgentLogs.ALL) {
            write(log.name(), log.defaultRoots(env::get).get(0));
        }
        ProcessBuilder ingest = Jar.builder(db, "ingest");
        ingest.environment().clear();
        ingest.environment().putAll(env);
        ingest.environment().put("LLMCOST_DB", db.toString());
        ingest.environment().put("TZ", "UTC");
        Jar.Result result = Jar.run(ingest, "");
        assertEquals(0, result.code(), result.err());
        ProcessBuilder list = Jar.builder(db, "ingest", "--list", "--format", "json");
        list.environment().clear();
        list.environment().putAll(env);
        list.environment().put("LLMCOST_DB", db.toString());
        Jar.Result listed = Jar.run(list, "");
        assertEquals(0, listed.code(), listed.err());
        Map<String, Long> stored = new TreeMap<>();
        for (JsonNode agent : new ObjectMapper().readTree(listed.out()).path("agents")) {
            String name = agent.path("agent").asText();
            assertTrue(agent.path("found").asBoolean(), name + " found: " + agent);
            assertTrue(agent.path("files").asLong() > 0, name + " has files: " + agent);
            assertTrue(agent.path("calls").asLong() > 0, name + " has calls: " + agent);
            assertTrue(result.out().contains(name), "ingest reports " + name + ": " + result.out());
            stored.put(name, agent.path("calls").asLong());
        }
        assertEquals(18, stored.size());
        Map<String, Long> reported = new TreeMap<>();
        Jar.Result byAgent = Jar.run(db, "", "report", "--by", "agent", "--since", "2000-01-01", "--format", "json");
        new ObjectMapper().readTree(byAgent.out()).path("rows")
                .forEach(r -> reported.put(r.path("agent").asText(), r.path("requests").asLong()));
        assertEquals(stored, reported);
    }
}
