package dev.llmcost.ingest;

import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KimiLogTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:00:00Z"));
    }

    private static String status(String time, String usage, String id) {
        return "{" + (time == null ? "" : "\"timestamp\":" + time + ",") + "\"message\":{\"type\":\"StatusUpdate\",\"payload\":"
                + "{\"context_usage\":0.2,\"token_usage\":" + usage + (id == null ? "" : ",\"message_id\":\"" + id + "\"") + "}}}";
    }

    @Test
    void statusUpdatesAreStepsWithTheConfiguredModelAndTheirTimeCutToTheMillisecond() throws Exception {
        Files.createDirectories(dir.resolve("kimi/sessions/g1/s1/subagents/t1"));
        Files.writeString(dir.resolve("kimi/config.json"), "{\"model\":\"kimi-k2-0905-preview\"}");
        String first = status("1793613602.5", "{\"input_other\":100,\"output\":50,\"input_cache_read\":10,\"input_cache_creation\":20}", "m1");
        List<String> lines = List.of(
                "{\"type\":\"metadata\",\"protocol_version\":\"1.3\"}",
                "{\"timestamp\":1793613601.1,\"message\":{\"type\":\"TurnBegin\",\"payload\":{\"user_input\":\"hi\"}}}",
                first,
                first,
                status("1793663999.9996", "{\"input_other\":1,\"output\":2,\"total\":300}", "m2"),
                status("1793613604", "{\"total\":432}", null),
                status("1793613605", "{\"input_other\":0,\"output\":0}", "m4"),
                status(null, "{\"input_other\":7,\"output\":1}", "m5"),
                "{\"timestamp\":1793613606,\"message\":{\"type\":\"StatusUpdate\",\"payload\":{\"context_usage\":0.3}}}",
                "{\"timestamp\":1793613607,\"message\":{\"type\":\"StatusUpdate\",\"payload\":{\"token_usage\":{\"input_other\":");
        Path wire = dir.resolve("kimi/sessions/g1/s1/wire.jsonl");
        Files.writeString(wire, String.join("\n", lines) + "\n");
        Files.setLastModifiedTime(wire, FileTime.from(Instant.parse("2026-11-05T08:00:00Z")));
        Files.writeString(dir.resolve("kimi/sessions/g1/s1/subagents/t1/wire.jsonl"),
                status("1793613608", "{\"input_other\":3,\"output\":3}", "m1") + "\n");
        Files.writeString(dir.resolve("kimi/sessions/g1/s1/context.jsonl"), first + "\n");
        Cli.Result result = cli.ok("ingest", "kimi", "--root", dir.resolve("kimi").toString());
        assertTrue(result.out().contains("5 new call(s)"), result.out());
        assertEquals(List.of(
                "2026-11-02T10:00:02.500Z moonshotai kimi-k2-0905-preview 100 50 20 10 0 s1",
                "2026-11-02T10:00:04.000Z moonshotai kimi-k2-0905-preview 0 432 0 0 0 s1",
                "2026-11-02T10:00:08.000Z moonshotai kimi-k2-0905-preview 3 3 0 0 0 t1",
                "2026-11-02T23:59:59.999Z moonshotai kimi-k2-0905-preview 1 299 0 0 0 s1",
                "2026-11-05T08:00:00.000Z moonshotai kimi-k2-0905-preview 7 1 0 0 0 s1"), AgentLogTesting.calls(cli),
                "a repeated status once, a total above the parts is output, no time: the file's; the subagent has its own session");
    }

    @Test
    void kimiCodeUsageRecordsOfTurnsAreCallsAndTheSessionSumIsNot() throws Exception {
        Path agents = dir.resolve("kimi-code/sessions/w1/s9/agents");
        Files.createDirectories(agents.resolve("main"));
        Files.createDirectories(agents.resolve("explore"));
        Files.writeString(agents.resolve("main/wire.jsonl"), String.join("\n",
                "{\"type\":\"usage.record\",\"model\":\"kimi-code/k3\",\"usageScope\":\"turn\",\"time\":1793613601000,"
                        + "\"usage\":{\"inputOther\":10,\"output\":2,\"inputCacheRead\":4,\"inputCacheCreation\":1}}",
                "{\"type\":\"usage.record\",\"usageScope\":\"turn\",\"time\":1793613602000,\"usage\":{\"inputOther\":5,\"output\":3}}",
                "{\"type\":\"usage.record\",\"model\":\"kimi-code/k3\",\"usageScope\":\"session\",\"time\":1793613603000,"
                        + "\"usage\":{\"inputOther\":15,\"output\":5,\"inputCacheRead\":4,\"inputCacheCreation\":1}}",
                "{\"type\":\"usage.record\",\"model\":\"kimi-code/k3\",\"time\":1793613604000,\"usage\":{\"inputOther\":99}}") + "\n");
        Files.writeString(agents.resolve("explore/wire.jsonl"), "{\"type\":\"usage.record\",\"model\":\"kimi-k2-turbo-preview\","
                + "\"usageScope\":\"turn\",\"time\":1793613605000,\"usage\":{\"inputOther\":8,\"output\":8}}\n");
        cli.ok("ingest", "kimi", "--root", dir.resolve("kimi-code").toString());
        assertEquals(List.of(
                "2026-11-02T10:00:01.000Z moonshotai k3 10 2 1 4 0 s9",
                "2026-11-02T10:00:02.000Z moonshotai kimi-for-coding 5 3 0 0 0 s9",
                "2026-11-02T10:00:05.000Z moonshotai kimi-k2-turbo-preview 8 8 0 0 0 s9"), AgentLogTesting.calls(cli));
    }

    @Test
    void aGeneratedTreeIngestsOnceAndAnAppendedCallIsTheOnlyNewOne() throws Exception {
        KimiFixture fixture = new KimiFixture(dir.resolve("kimi"), 5);
        fixture.write();
        AgentLogTesting.assertIngestsOnce(cli, "kimi", fixture.root(), fixture.days);
        fixture.append();
        assertTrue(cli.ok("ingest", "kimi", "--root", fixture.root().toString()).out().contains("; 1 new call(s)"));
        AgentLogTesting.assertTotals(cli, fixture.days);
    }

    @Test
    void rootsComeFromKimiDataDirElseBothHomes() {
        KimiLog log = new KimiLog();
        assertEquals(List.of(Path.of("/h/.kimi"), Path.of("/h/.kimi-code")), log.defaultRoots(Map.of("HOME", "/h")::get));
        assertEquals(List.of(Path.of("/a")), log.defaultRoots(Map.of("HOME", "/h", "KIMI_DATA_DIR", "/a")::get));
    }
}
