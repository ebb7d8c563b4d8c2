package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.ingest.ClaudeCodeFixture;
import dev.llmcost.ingest.StatuslineInput;
import dev.llmcost.ingest.StatuslineJson;
import dev.llmcost.render.Numbers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatuslineCommandTest {
    static final Instant NOW = Instant.parse("2026-11-14T23:00:00Z");

    @TempDir
    Path dir;
    Cli cli;
    ClaudeCodeFixture fixture;
    Path transcript;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("llmcost.db"), NOW);
        cli.env("HOME", dir.resolve("home").toString());
        fixture = new ClaudeCodeFixture(dir.resolve("home/.claude"));
        transcript = fixture.write();
    }

    private String input(String session, Path file) {
        return "{\"hook_event_name\":\"Status\",\"session_id\":\"" + session + "\",\"transcript_path\":\"" + file
                + "\",\"cwd\":\"/srv/tools/infra\",\"model\":{\"id\":\"claude-opus-4-1\",\"display_name\":\"Opus\"},"
                + "\"workspace\":{\"current_dir\":\"/srv/tools/infra\"},\"cost\":{\"total_cost_usd\":0.5}}";
    }

    private BigDecimal cost(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--format";
        all[args.length + 1] = "json";
        return cli.ok(all).json().path("total").path("cost_usd").decimalValue();
    }

    @Test
    void printsModelSessionCostTodaysCostAfterIngestingTheTranscript() {
        Cli.Result line = cli.runWithStdin(input("sess-2-2", transcript), "statusline");
        assertEquals(0, line.code(), line.err());
        assertTrue(cli.rows() > 0, "the transcript was ingested");
        BigDecimal session = BigDecimal.ZERO;
        for (JsonNode row : cli.ok("report", "--by", "session", "--format", "json").json().path("rows")) {
            if (row.path("session").asText().equals("sess-2-2")) {
                session = row.path("cost_usd").decimalValue();
            }
        }
        assertTrue(session.signum() > 0);
        String expected = "Opus · session " + Numbers.usd(session) + " · today " + Numbers.usd(cost("report", "--since", "today"))
                + "\n";
        assertEquals(expected, line.out());
        assertEquals("", line.err());
    }

    @Test
    void onATeamDatabaseTheLineShowsWhatTheServerHolds() {
        Cli team = Cli.on(Cli.POSTGRESQL, dir.resolve("team"), NOW).env("HOME", dir.resolve("home").toString());
        Cli.Result line = team.runWithStdin(input("sess-2-2", transcript), "statusline");
        assertEquals(0, line.code(), line.err());
        assertEquals("", line.err());
        assertTrue(team.rows() > 0, "the transcript was ingested into the team database");
        Cli.Result again = team.runWithStdin(input("sess-2-2", transcript), "statusline");
        assertEquals(line.out(), again.out());
        assertEquals(team.rows(), team.count("SELECT count(DISTINCT event_key) FROM events"));
        assertEquals(line.out(), cli.runWithStdin(input("sess-2-2", transcript), "statusline").out(),
                "the same line as on a file");
    }

    @Test
    void eachRefreshReadsOnlyWhatWasAppended() throws Exception {
        cli.runWithStdin(input("sess-2-2", transcript), "statusline");
        long before = cli.rows();
        cli.runWithStdin(input("sess-2-2", transcript), "statusline");
        assertEquals(before, cli.rows(), "nothing new, nothing added");
        fixture.append(transcript, "2026-11-14T22:59:00.000Z");
        Cli.Result line = cli.runWithStdin(input("sess-2-2", transcript), "statusline");
        assertEquals(before + 1, cli.rows());
        assertTrue(line.out().contains("today " + Numbers.usd(cost("report", "--since", "today"))), line.out());
    }

    @Test
    void showsTheTightestBudget() {
        cli.ok("budget", "set", "--global", "--monthly", "1000");
        cli.ok("budget", "set", "--project", "infra", "--daily", "0.01");
        Cli.Result line = cli.runWithStdin(input("sess-2-2", transcript), "statusline");
        assertEquals(0, line.code());
        assertTrue(line.out().matches("Opus · session \\$[0-9.,]+ · today \\$[0-9.,]+ · project infra daily budget [0-9.]+% over\n"),
                line.out());
    }

    @Test
    void readsTheFourFieldsOfTheFirstJsonObject() throws Exception {
        assertEquals(new StatuslineInput("Opus", "s", "/t.jsonl"), parse(input("s", Path.of("/t.jsonl"))));
        assertEquals(new StatuslineInput("claude-opus-4-1", null, null),
                parse("{\"model\":{\"id\":\"claude-opus-4-1\",\"display_name\":\" \"}}"), "a blank name falls back to the id");
        assertEquals(new StatuslineInput(null, null, null),
                parse("{\"session_id\":7,\"transcript_path\":[\"x\"],\"model\":\"Opus\"}"), "only strings count");
        assertEquals(new StatuslineInput("b", "2", null),
                parse("{\"session_id\":\"1\",\"model\":{\"id\":\"a\"},\"session_id\":\"2\",\"model\":{\"id\":\"b\"}}"),
                "the last of a repeated key, as a JSON tree keeps it");
        assertEquals(new StatuslineInput(null, "s", null),
                parse("{\"x\":{\"session_id\":\"inner\"},\"session_id\":\"s\"} trailing"), "nested keys and what follows are ignored");
        for (String notAnObject : new String[] {"", "   ", "null", "\"s\"", "[{\"session_id\":\"s\"}]",
                "{\"session_id\":\"s\"", "{\"model\":{\"id\":\"a\"}", "{\"session_id\":}"}) {
            assertEquals(null, parseOrNull(notAnObject), notAnObject);
        }
    }

    @Test
    void readsStrictJson() throws Exception {
        assertEquals(new StatuslineInput("Opus \"4\" é 😀", "a/b\\c\n", null), parse(
                "\uFEFF { \"model\" : { \"display_name\" : \"Opus \\\"4\\\" \\u00e9 \\ud83d\\ude00\" } ,\r\n"
                        + " \"session_id\":\"a\\/b\\\\c\\n\" }"), "escapes, a byte-order mark, white space");
        assertEquals(new StatuslineInput(null, "s", null), parse("{\"cost\":{\"total\":-1.5e-3,\"n\":[0,1.25,2E+2,"
                + "true,false,null,{},[],[[{\"a\":\"}\"}]]],\"e\":{}},\"session_id\":\"s\",\"x\":\"\"}"),
                "every kind of value is read past");
        assertEquals(new StatuslineInput(null, null, null), parse("{}"));
        String deep = "[".repeat(StatuslineJson.MAX_DEPTH + 1) + "]".repeat(StatuslineJson.MAX_DEPTH + 1);
        for (String malformed : new String[] {"{\"a\":01}", "{\"a\":1,}", "{\"a\":-}", "{\"a\":1.}", "{'a':1}",
                "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}", "{\"a\" 1}",
                "{\"a\":1 \"b\":2}", "{a:1}", "{\"a\":" + deep + "}"}) {
            assertThrows(java.io.IOException.class, () -> parse(malformed), malformed);
        }
        assertEquals(new StatuslineInput(null, "s", null),
                parse("{\"a\":" + "[".repeat(100) + "]".repeat(100) + ",\"session_id\":\"s\"}"), "nesting within the limit");
    }

    private static StatuslineInput parse(String json) throws java.io.IOException {
        return StatuslineCommand.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static StatuslineInput parseOrNull(String json) {
        try {
            return parse(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Test
    void neverFailsTheLine() throws Exception {
        for (String stdin : new String[] {"", "not json", "[1,2]"}) {
            Cli.Result line = cli.runWithStdin(stdin, "statusline");
            assertEquals(0, line.code());
            assertEquals("llmcost: statusline reads Claude Code's statusLine JSON on stdin\n", line.out());
        }
        Cli.Result missing = cli.runWithStdin(input("s", dir.resolve("gone.jsonl")), "statusline");
        assertEquals(0, missing.code());
        assertTrue(missing.out().startsWith("Opus · session $0.00 · today $0.00 (llmcost: not updated: transcript "),
                missing.out());
        assertEquals("", missing.err());
        Path directory = dir.resolve("a-directory");
        java.nio.file.Files.createDirectories(directory);
        Cli.Result noDb = new Cli(directory, NOW).runWithStdin(input("s", transcript), "statusline");
        assertEquals(0, noDb.code());
        assertTrue(noDb.out().startsWith("Opus (llmcost: "), noDb.out());
        assertTrue(noDb.out().contains("is a directory"), noDb.out());
    }

    @Test
    void aBusyDatabaseIsNotWaitedOnForLong() throws Exception {
        cli.runWithStdin(input("sess-2-2", transcript), "statusline");
        fixture.append(transcript, "2026-11-14T22:59:00.000Z");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + cli.db());
             Statement statement = other.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("CREATE TABLE lock_holder(x)");
            long start = System.nanoTime();
            Cli.Result line = cli.runWithStdin(input("sess-2-2", transcript), "statusline");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, line.code());
            assertTrue(ms < 8_000, ms + " ms");
            assertTrue(line.out().startsWith("Opus · session $"), line.out());
            assertTrue(line.out().contains("(llmcost: not updated: "), line.out());
            statement.execute("ROLLBACK");
        }
        long before = cli.rows();
        cli.runWithStdin(input("sess-2-2", transcript), "statusline");
        assertEquals(before + 1, cli.rows(), "the next refresh catches up");
    }
}
