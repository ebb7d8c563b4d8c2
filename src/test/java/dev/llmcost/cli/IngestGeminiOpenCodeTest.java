package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import dev.llmcost.ingest.CodexFixture;
import dev.llmcost.ingest.GeminiCliFixture;
import dev.llmcost.ingest.OpenCodeLog;
import dev.llmcost.ingest.OpenCodeFixture;
import dev.llmcost.store.IngestStore.FileState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ingest gemini-cli} and {@code ingest opencode} on generated trees: every call once, then only what changed. */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class IngestGeminiOpenCodeTest {
    @Parameter
    String backend;

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.on(backend, dir, Instant.parse("2026-11-24T12:00:00Z"));
        cli.env("HOME", dir.resolve("home").toString()).env("XDG_DATA_HOME", dir.resolve("data").toString());
    }

    @Test
    void codexEveryCallOnceThenOnlyWhatWasAppended() throws Exception {
        CodexFixture fixture = new CodexFixture(dir.resolve("codex"));
        Path session = fixture.write();
        assertTrue(cli.ok("ingest", "codex", "--root", fixture.root().toString()).out()
                .contains(fixture.calls + " new call(s)"));
        JsonNode total = cli.ok("report", "--format", "json").json().path("total");
        assertEquals(fixture.calls, total.path("requests").asLong());
        assertEquals(fixture.inputTokens, total.path("input_tokens").asLong());
        assertEquals(fixture.outputTokens, total.path("output_tokens").asLong());
        assertEquals(fixture.reasoningTokens, total.path("reasoning_tokens").asLong());
        assertEquals(fixture.cachedTokens, total.path("cache_read_tokens").asLong());
        fixture.append(session, "2026-11-23T10:00:00.000Z");
        assertTrue(cli.ok("ingest", "codex", "--root", fixture.root().toString()).out().contains("1 new call(s)"));
        assertEquals(fixture.calls, requests(), "the fixture counts the appended call");
    }

    private Map<String, JsonNode> byDay() {
        Map<String, JsonNode> rows = new TreeMap<>();
        cli.ok("report", "--by", "day", "--format", "json", "--tz", "UTC", "--since", "2026-11-01")
                .json().path("rows").forEach(r -> rows.put(r.path("day").asText(), r));
        return rows;
    }

    private long requests() {
        return cli.rows();
    }

    @Test
    void geminiCliEveryCallOnceThenOnlyWhatChanged() throws Exception {
        GeminiCliFixture fixture = new GeminiCliFixture(dir.resolve("home/.gemini/tmp"), 3);
        Path appendable = fixture.write();
        Cli.Result first = cli.ok("ingest", "gemini-cli");
        assertTrue(first.out().contains("; " + fixture.calls + " new call(s)"), first.out());
        Map<String, JsonNode> days = byDay();
        assertEquals(fixture.byDay.keySet(), days.keySet());
        fixture.byDay.forEach((day, sums) -> {
            JsonNode row = days.get(day);
            assertEquals(sums[0], row.path("requests").asLong(), day + " calls");
            assertEquals(sums[1], row.path("input_tokens").asLong(), day + " input");
            assertEquals(sums[2], row.path("output_tokens").asLong(), day + " output");
            assertEquals(sums[3], row.path("cache_read_tokens").asLong(), day + " cache read");
            assertEquals(0, row.path("cache_write_tokens").asLong(), day + " cache write");
            assertEquals(sums[4], row.path("reasoning_tokens").asLong(), day + " reasoning");
        });
        assertEquals(2, cli.count("SELECT count(*) FROM events WHERE session = 'sess-sub-0'"), "the subagent's calls");
        assertEquals(0, cli.count("SELECT count(*) FROM events WHERE agent IS NULL OR agent <> 'gemini-cli' OR provider <> 'google'"));
        assertEquals(List.of("api", "gemini-9f86d081884c", "web-shop"),
                cli.strings("SELECT name FROM projects ORDER BY name"), "named by .project_root, else the hashed directory");

        assertTrue(cli.ok("ingest", "gemini-cli").out().contains("; 0 new call(s)"), "re-ingest adds nothing");
        assertEquals(fixture.calls, requests());

        fixture.appendCall(appendable, "2026-11-20T10:00:00.000Z", "gemini-2.5-pro");
        fixture.appendCall(appendable, "2026-11-20T10:05:00.000Z", "gemini-2.5-flash");
        bumpTime(appendable);
        assertTrue(cli.ok("ingest", "gemini-cli").out().contains("; 2 new call(s)"));
        assertEquals(fixture.calls, requests());

        // the hook: just the transcript it names; prints nothing on stdout, exits 0 even when it cannot read
        fixture.appendCall(appendable, "2026-11-21T09:00:00.000Z", "gemini-2.5-pro");
        bumpTime(appendable);
        Cli.Result hook = cli.runWithStdin("{\"session_id\":\"s\",\"transcript_path\":\"" + appendable
                + "\",\"cwd\":\"/home/dev/api\",\"hook_event_name\":\"AfterAgent\"}", "ingest", "gemini-cli", "--hook");
        assertEquals(0, hook.code(), hook.err());
        assertEquals("", hook.out());
        assertEquals(fixture.calls, requests());
        Cli.Result missing = cli.runWithStdin("{\"transcript_path\":\"" + dir.resolve("nope.jsonl") + "\"}",
                "ingest", "gemini-cli", "--hook");
        assertEquals(0, missing.code());
        assertEquals("", missing.out());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
    }

    @Test
    void openCodeEveryFinishedMessageOnceFromBothStores() throws Exception {
        OpenCodeFixture fixture = new OpenCodeFixture(dir.resolve("data/opencode"), 5); // $XDG_DATA_HOME/opencode (Cli sets XDG_DATA_HOME)
        fixture.write();
        Cli.Result first = cli.ok("ingest", "opencode");
        assertTrue(first.out().contains("; " + fixture.calls + " new call(s)"), first.out());
        Map<String, JsonNode> days = byDay();
        assertEquals(fixture.byDay.keySet(), days.keySet());
        fixture.byDay.forEach((day, sums) -> {
            JsonNode row = days.get(day);
            assertEquals(sums[0], row.path("requests").asLong(), day + " calls");
            assertEquals(sums[1], row.path("input_tokens").asLong(), day + " input");
            assertEquals(sums[2], row.path("output_tokens").asLong(), day + " output");
            assertEquals(sums[3], row.path("cache_write_tokens").asLong(), day + " cache write");
            assertEquals(sums[4], row.path("cache_read_tokens").asLong(), day + " cache read");
            assertEquals(sums[5], row.path("reasoning_tokens").asLong(), day + " reasoning");
        });
        assertTrue(cli.count("SELECT count(*) FROM events WHERE cost_source = 'given'") > 0, "OpenCode's own cost is kept");
        assertTrue(cli.count("SELECT count(*) FROM events WHERE cost_source = 'priced' AND provider = 'github-copilot'") > 0,
                "cost 0 is priced from the table");
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 0 new call(s)"), "re-ingest adds nothing");

        // a message being written: not a call until it is finished, then exactly one with its final figures
        Path file = fixture.root().resolve("storage/message/ses_new/msg_live.json");
        Files.createDirectories(file.getParent());
        long created = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        Files.writeString(file, OpenCodeFixture.inProgress("msg_live", "ses_new", created, "anthropic", "claude-sonnet-4-20250514"));
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 0 new call(s)"));
        String stepOne = Files.readString(file).replace("\"input\":0,\"output\":0", "\"input\":10,\"output\":20");
        Files.writeString(file, stepOne);
        bumpTime(file);
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 0 new call(s)"), "between two steps");
        Files.writeString(file, stepOne.replace("\"input\":10,\"output\":20", "\"input\":30,\"output\":70")
                .replace("{\"created\":" + created + "}", "{\"created\":" + created + ",\"completed\":" + (created + 9000) + "}"));
        bumpTime(file);
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 1 new call(s)"));
        assertEquals(100, cli.count("SELECT input_tokens + output_tokens FROM events WHERE event_key = 'opencode:msg_live'"));

        // OpenCode keeps its database in WAL mode: a new row sits in opencode.db-wal while the main file is unchanged
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + fixture.database());
             Statement statement = db.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
        }
        bumpTime(fixture.database());
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 0 new call(s)"));
        assertTrue(cli.ok("ingest", "opencode").out().contains(" 0 changed"), "the empty WAL our read left is not watched");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + fixture.database());
             Statement statement = db.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint=0");
            long mainFileTime = Files.getLastModifiedTime(fixture.database()).toMillis();
            statement.execute("INSERT INTO message VALUES ('msg_db_new', 'ses_new', " + created + ", " + created
                    + ", '{\"role\":\"assistant\",\"providerID\":\"openai\",\"modelID\":\"gpt-5\",\"time\":{\"created\":"
                    + created + ",\"completed\":" + (created + 1) + "},\"tokens\":{\"total\":60,\"input\":10,\"output\":30,"
                    + "\"reasoning\":20,\"cache\":{\"read\":0,\"write\":0}},\"cost\":0.25}')");
            assertEquals(mainFileTime, Files.getLastModifiedTime(fixture.database()).toMillis(), "the row is in the WAL only");
            assertTrue(cli.ok("ingest", "opencode").out().contains("; 1 new call(s)"), "found through the WAL");
        }
        assertEquals(60, cli.count("SELECT input_tokens + output_tokens FROM events WHERE event_key = 'opencode:msg_db_new'"));
        assertEquals(20, cli.count("SELECT reasoning_tokens FROM events WHERE event_key = 'opencode:msg_db_new'"));
        assertEquals(fixture.calls + 2, requests());
    }

    @Test
    void openCodeDatabaseIsReadFromTheLastReadsNewestRowOn() throws Exception {
        OpenCodeFixture fixture = new OpenCodeFixture(dir.resolve("data/opencode"), 7);
        fixture.write();
        Path db = fixture.database();
        assertTrue(cli.ok("ingest", "opencode").out().contains("; " + fixture.calls + " new call(s)"));
        assertEquals(fixture.newestUpdate(), mark(), "the mark: the newest time_updated read");

        // OpenCode appends messages: a re-run reads only the rows from a few minutes before the mark on
        long day = 86_400_000;
        long a = fixture.newestUpdate() + day;
        fixture.upsert("msg_a", "ses_new", a, a, OpenCodeFixture.finished("msg_a", "ses_new", a, 900, 1, 2));
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 1 new call(s)"));
        assertEquals(a, mark());
        long b = a + day;
        fixture.upsert("msg_b", "ses_new", b, b, OpenCodeFixture.finished("msg_b", "ses_new", b, 900, 3, 4));
        List<String> handed = new ArrayList<>();
        new OpenCodeLog().open(db).since(db, new FileState(Files.size(db), mark(), null), call -> handed.add(call.key()));
        assertEquals(List.of("opencode:msg_a", "opencode:msg_b"), handed,
                "the new row, and the one at the mark again (within the margin); none of the older ones");
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 1 new call(s)"));

        // a message written in steps: counted once it is completed, with its final figures
        long c = b + day;
        String live = OpenCodeFixture.inProgress("msg_c", "ses_new", c, "anthropic", "claude-sonnet-4-20250514");
        fixture.upsert("msg_c", "ses_new", c, c, live);
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 0 new call(s)"));
        fixture.upsert("msg_c", "ses_new", c, c + 60_000, live.replace("\"input\":0,\"output\":0", "\"input\":10,\"output\":20"));
        bumpTime(db);
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 0 new call(s)"), "between two steps");
        fixture.upsert("msg_c", "ses_new", c, c + 120_000, OpenCodeFixture.finished("msg_c", "ses_new", c, 9000, 30, 70));
        bumpTime(db);
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 1 new call(s)"));
        bumpTime(db);
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 0 new call(s)"), "read again, stored once");
        assertEquals(100, cli.count("SELECT input_tokens + output_tokens FROM events WHERE event_key = 'opencode:msg_c'"));
        assertEquals(c + 120_000, mark());

        // replaced by a smaller, older database: read whole
        OpenCodeFixture older = new OpenCodeFixture(dir.resolve("older"), 8);
        Files.createDirectories(older.root());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + older.database());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, "
                    + "time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL)");
        }
        long old = Instant.parse("2026-11-01T09:00:00Z").toEpochMilli();
        older.upsert("msg_old", "ses_old", old, old, OpenCodeFixture.finished("msg_old", "ses_old", old, 900, 5, 6));
        Files.move(older.database(), db, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(cli.ok("ingest", "opencode").out().contains("; 1 new call(s)"));
        assertEquals(old, mark());
        assertEquals(fixture.calls + 4, requests());
    }

    /** The position committed for opencode.db: the newest time_updated of its last read. */
    private long mark() {
        return cli.count("SELECT \"offset\" FROM ingested_files WHERE path LIKE '%opencode.db'");
    }

    /** File times can be equal within one test run's clock granularity: make the change visible. */
    private static void bumpTime(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
    }
}
