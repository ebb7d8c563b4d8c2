package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.model.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KiloLogTest {
    @TempDir
    Path dir;

    private static final String FINISHED = "\"role\":\"assistant\",\"time\":{\"created\":1793500000000,\"completed\":1793500004000},";

    private static AgentCall call(String json) {
        return KiloLog.message(json, "msg_row", "ses_row").orElseThrow();
    }

    @Test
    void readsAFinishedMessage() {
        AgentCall call = call("{" + FINISHED + "\"providerID\":\"anthropic\",\"modelID\":\"claude-sonnet-4-20250514\","
                + "\"tokens\":{\"input\":100,\"output\":50,\"reasoning\":5,\"cache\":{\"read\":10,\"write\":20}},\"cost\":0.02,"
                + "\"path\":{\"cwd\":\"/home/dev/api/src\",\"root\":\"/home/dev/api\"}}");
        assertEquals("kilo:msg_row", call.key(), "the row's id when the JSON has none");
        assertEquals("ses_row", call.session());
        assertEquals(Instant.ofEpochMilli(1793500000000L), call.at());
        assertEquals(new Tokens(100, 55, 20, 10, 5), call.tokens(), "reasoning is output, priced once");
        assertEquals("anthropic", call.provider());
        assertEquals("api", call.project());
        assertEquals(new BigDecimal("0.02"), call.costUsd());
    }

    @Test
    void whatTotalHoldsBeyondThePartsIsOutput() {
        String head = "{\"id\":\"m1\"," + FINISHED + "\"providerID\":\"openai\",\"modelID\":\"gpt-5\",\"cost\":0,";
        // beyond the parts, output above 0: extra output
        assertEquals(new Tokens(10, 89, 0, 1, 3), call(head + "\"tokens\":{\"input\":10,\"output\":5,\"reasoning\":3,"
                + "\"total\":100,\"cache\":{\"read\":1,\"write\":0}}}").tokens());
        // only a total: all of it is output
        assertEquals(new Tokens(0, 234, 0, 0, 0), call(head + "\"tokens\":{\"total\":234}}").tokens());
        // a total below the parts adds nothing
        assertEquals(new Tokens(10, 8, 0, 1, 3), call(head + "\"tokens\":{\"input\":10,\"output\":5,\"reasoning\":3,"
                + "\"total\":2,\"cache\":{\"read\":1,\"write\":0}}}").tokens());
        AgentCall call = call(head + "\"tokens\":{\"total\":234}}");
        assertEquals("kilo:m1", call.key(), "the JSON's id first");
        assertNull(call.costUsd(), "cost 0: priced from the table");
        assertEquals("kilo", call.project());
    }

    @Test
    void secondsGatewayProvidersAndOddCounts() {
        AgentCall call = call("{\"role\":\"assistant\",\"time\":{\"created\":1793500000,\"completed\":1793500004},"
                + "\"providerID\":\"kilo\",\"modelID\":\"anthropic/claude-sonnet-4.5\","
                + "\"tokens\":{\"input\":12.5,\"output\":-3,\"reasoning\":0,\"cache\":{\"read\":\"7\",\"write\":4}}}");
        assertEquals(Instant.ofEpochSecond(1793500000L), call.at());
        assertNull(call.provider(), "Kilo's gateway: the model name says anthropic");
        assertEquals(new Tokens(0, 0, 4, 0, 0), call.tokens(), "counts that are not whole numbers from 0 count 0, as in ccusage");
    }

    @Test
    void unfinishedUserEmptyAndBrokenMessagesAreNoCalls() {
        String usage = "\"providerID\":\"openai\",\"modelID\":\"gpt-5\",\"tokens\":{\"input\":7,\"output\":3}";
        assertTrue(KiloLog.message("{\"role\":\"assistant\",\"time\":{\"created\":1793500000000}," + usage + "}", "r", "s")
                .isEmpty(), "between two steps: its tokens still change");
        assertTrue(KiloLog.message("{\"role\":\"user\",\"time\":{\"created\":1,\"completed\":2}," + usage + "}", "r", "s").isEmpty());
        assertTrue(KiloLog.message("{" + FINISHED + "\"providerID\":\"openai\",\"modelID\":\"gpt-5\",\"tokens\":{\"input\":0,"
                + "\"output\":0,\"reasoning\":0,\"cache\":{\"read\":0,\"write\":0}},\"error\":{\"name\":\"APIError\"}}", "r", "s").isEmpty());
        assertTrue(KiloLog.message("{" + FINISHED + "\"tokens\":{\"input\":7}}", "r", "s").isEmpty(), "no model");
        assertTrue(KiloLog.message("{\"role\":\"assistant\",\"tokens\":{\"input\":9", "r", "s").isEmpty(), "cut off");
        assertTrue(KiloLog.message("{\"role\":\"assistant\",\"time\":{\"created\":0,\"completed\":1}," + usage + "}", "r", "s")
                .isEmpty(), "no time");
    }

    @Test
    void theFixtureIsIngestedOnceAndAnAppendedMessageIsTheOnlyNewCall() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-12-01T00:00:00Z"));
        KiloFixture fixture = new KiloFixture(dir.resolve("kilo"), 3);
        fixture.write();
        Cli.Result first = cli.ok("ingest", "kilo", "--root", fixture.root().toString());
        assertTrue(first.out().contains("; " + fixture.calls + " new call(s)"), first.out());
        long[] sums = new long[6];
        fixture.byDay.values().forEach(d -> {
            for (int i = 0; i < 6; i++) {
                sums[i] += d[i];
            }
        });
        JsonNode total = cli.ok("report", "--since", "2020-01-01", "--format", "json").json().path("total");
        assertEquals(sums[0], total.path("requests").asLong());
        assertEquals(sums[1], total.path("input_tokens").asLong());
        assertEquals(sums[2], total.path("output_tokens").asLong());
        assertEquals(sums[3], total.path("cache_write_tokens").asLong());
        assertEquals(sums[4], total.path("cache_read_tokens").asLong());
        assertEquals(sums[5], total.path("reasoning_tokens").asLong());
        assertTrue(cli.ok("ingest", "kilo", "--root", fixture.root().toString()).out().contains("; 0 new call(s)"));
        long[] appended = fixture.appendMessage();
        assertTrue(cli.ok("ingest", "kilo", "--root", fixture.root().toString()).out().contains("; 1 new call(s)"));
        JsonNode after = cli.ok("report", "--since", "2020-01-01", "--format", "json").json().path("total");
        assertEquals(sums[1] + appended[0], after.path("input_tokens").asLong());
        assertEquals(sums[2] + appended[1], after.path("output_tokens").asLong());
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE agent <> 'kilo' OR session IS NULL OR provider = 'kilo'"));
    }

    @Test
    void aCopyOfTheDatabaseUnderASecondRootAddsNothing() throws Exception {
        Cli cli = new Cli(dir.resolve("copy.db"), Instant.parse("2026-12-01T00:00:00Z"));
        KiloFixture fixture = new KiloFixture(dir.resolve("kilo"), 9);
        fixture.write();
        Path copy = dir.resolve("copy-root");
        Path copied = copy.resolve(fixture.root().relativize(fixture.database()));
        java.nio.file.Files.createDirectories(copied.getParent());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + fixture.database());
             Statement statement = db.createStatement()) {
            statement.execute("VACUUM INTO '" + copied + "'");
        }
        assertTrue(cli.ok("ingest", "kilo", "--root", fixture.root().toString()).out().contains("; " + fixture.calls + " new call(s)"));
        assertTrue(cli.ok("ingest", "kilo", "--root", copy.toString()).out().contains("; 0 new call(s)"),
                "the same sessions/messages: the same keys");
    }
}
