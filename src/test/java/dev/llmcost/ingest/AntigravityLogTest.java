package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.model.Tokens;
import dev.llmcost.store.AntigravityDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

import static dev.llmcost.ingest.AntigravityFixture.concat;
import static dev.llmcost.ingest.AntigravityFixture.message;
import static dev.llmcost.ingest.AntigravityFixture.varint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AntigravityLogTest {
    @TempDir
    Path dir;

    private static final Instant AT = Instant.parse("2026-11-05T10:00:00Z");

    private static AgentCall call(byte[] usage) throws ProtobufWire.Malformed {
        return AntigravityLog.call("conv", new AntigravityDatabase.Generation(7, message(1, message(4, usage))), AT);
    }

    @Test
    void thinkingIsInsideField3AndPartOfLlmcostsOutput() throws Exception {
        AgentCall call = call(concat(varint(1, 1035), varint(2, 1_000), varint(3, 900), varint(4, 30), varint(5, 5_000),
                varint(9, 600)));
        assertEquals(new Tokens(1_000, 900, 30, 5_000, 600), call.tokens());
        assertEquals("antigravity:conv:7", call.key());
        assertEquals("claude-sonnet-4-6", call.model());
        assertEquals("anthropic", call.provider());
        assertEquals(AT, call.at());
        assertEquals("conv", call.session());
    }

    @Test
    void field10IsTheVisibleOutputWhenLarger() throws Exception {
        assertEquals(new Tokens(0, 1_100, 0, 0, 300), call(concat(varint(3, 1_000), varint(9, 300), varint(10, 800))).tokens());
        assertEquals(new Tokens(0, 1_000, 0, 0, 300), call(concat(varint(3, 1_000), varint(9, 300), varint(10, 500))).tokens());
        assertEquals(new Tokens(0, 350, 0, 0, 300), call(concat(varint(3, 20), varint(9, 300), varint(10, 50))).tokens(),
                "thinking above field 3 leaves no visible output from it");
        assertEquals(new Tokens(0, 500, 0, 0, 0), call(concat(varint(3, 500), varint(10, 300))).tokens());
    }

    @Test
    void modelsByEnumFieldsWrittenTwiceAndEmptyUsage() throws Exception {
        assertEquals("gemini-internal-model", call(varint(2, 5)).model());
        assertEquals("google", call(varint(2, 5)).provider());
        assertEquals("antigravity-model-777", call(concat(varint(1, 777), varint(2, 5))).model());
        assertEquals("model_placeholder_m17", call(concat(varint(1, 1017), varint(2, 5))).model());
        assertEquals("gemini-3.8-flash-high", call(concat(varint(1, 1318), varint(2, 5))).model());
        AgentCall twice = call(concat(varint(1, 246), varint(2, 5), varint(2, 999), varint(1, 1318)));
        assertEquals("gemini-3.8-flash-high", twice.model(), "a number written twice: the last counts");
        assertEquals(999, twice.tokens().input());
        AgentCall firstUsage = AntigravityLog.call("conv", new AntigravityDatabase.Generation(7, message(1,
                concat(message(4, concat(varint(1, 246), varint(2, 5))), message(4, varint(2, 70))))), AT);
        assertEquals(new Tokens(5, 0, 0, 0, 0), firstUsage.tokens(), "a message written twice: the first counts");
        assertNull(call(varint(1, 246)), "all zero");
        assertNull(AntigravityLog.call("conv", new AntigravityDatabase.Generation(1, message(1, varint(1, 3))), AT), "no usage");
        assertThrows(ProtobufWire.Malformed.class, () -> AntigravityLog.call("conv",
                new AntigravityDatabase.Generation(1, varint(2, 3)), AT), "no chat model");
        assertThrows(ProtobufWire.Malformed.class, () -> call(new byte[] {(byte) 0x10, (byte) 0xff}));
        assertThrows(ProtobufWire.Malformed.class, () -> AntigravityLog.call("conv",
                new AntigravityDatabase.Generation(1, message(1, "gemini-2.5-pro".getBytes())), AT));
    }

    @Test
    void theTrajectorysFirstTimestampDatesTheConversation() {
        byte[] first = concat(message(1, "t".getBytes()), message(2, concat(varint(1, AT.getEpochSecond()), varint(2, 500_000_000))));
        byte[] later = message(2, varint(1, AT.getEpochSecond() + 86_400));
        assertEquals(AT.plusMillis(500), AntigravityLog.time(List.of(message(1, "no time".getBytes()), first, later)));
        assertNull(AntigravityLog.time(List.of(message(3, "x".getBytes()))));
    }

    @Test
    void aDamagedRowIsSkippedAndABackupCopyCountsOnce() throws Exception {
        AntigravityFixture fixture = new AntigravityFixture(dir.resolve("antigravity"), 3);
        Path conversation = fixture.write();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + conversation);
             PreparedStatement insert = db.prepareStatement("INSERT INTO gen_metadata VALUES (9999, ?)")) {
            insert.setBytes(1, new byte[] {0x0a, 0x7f, 0x01});
            insert.executeUpdate();
        }
        Path backup = dir.resolve("backup/conversations");
        Files.createDirectories(backup);
        Files.copy(conversation, backup.resolve(conversation.getFileName()));
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-30T12:00:00Z"));
        cli.env("HOME", dir.resolve("home").toString());
        cli.env("ANTIGRAVITY_DATA_DIR", fixture.root() + "," + dir.resolve("backup"));
        Cli.Result result = cli.ok("ingest", "antigravity");
        assertTrue(result.out().contains("; " + fixture.calls + " new call(s)"), result.out());
        assertTotals(cli, fixture);
    }

    @Test
    void fixtureEveryGenerationOnceThenOneAddedGeneration() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-30T12:00:00Z"));
        AntigravityFixture fixture = new AntigravityFixture(dir.resolve("antigravity"), 5);
        Path appendTo = fixture.write();
        Cli.Result first = cli.ok("ingest", "antigravity", "--root", fixture.root().toString());
        assertTrue(first.out().contains("; " + fixture.calls + " new call(s)"), first.out());
        assertTotals(cli, fixture);
        assertTrue(cli.ok("ingest", "antigravity", "--root", fixture.root().toString()).out().contains("; 0 new call(s)"));
        fixture.append(appendTo);
        Cli.Result again = cli.ok("ingest", "antigravity", "--root", fixture.root().toString());
        assertTrue(again.out().contains("; 1 new call(s)"), again.out());
        assertTotals(cli, fixture);
        assertTrue(cli.count("SELECT count(*) FROM events WHERE occurred_at LIKE '2026-11-15%'") > 0,
                "the conversation without trajectory time is dated by its file");
    }

    private static void assertTotals(Cli cli, AntigravityFixture fixture) {
        JsonNode total = cli.ok("report", "--format", "json").json().path("total");
        assertEquals(fixture.calls, total.path("requests").asLong());
        assertEquals(fixture.input, total.path("input_tokens").asLong());
        assertEquals(fixture.output, total.path("output_tokens").asLong());
        assertEquals(fixture.cacheWrite, total.path("cache_write_tokens").asLong());
        assertEquals(fixture.cacheRead, total.path("cache_read_tokens").asLong());
        assertEquals(fixture.reasoning, total.path("reasoning_tokens").asLong());
    }
}
