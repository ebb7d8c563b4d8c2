package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class ImportJsonCommandTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    Cli cli;
    Path fixture;

    @BeforeEach
    void setUp() throws Exception {
        cli = backend.equals(Cli.POSTGRESQL) ? Cli.on(backend, dir, NOW) : new Cli(dir.resolve("db/llmcost.db"), NOW);
        fixture = dir.resolve("usage.json");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/usage.json")) {
            Files.copy(in, fixture);
        }
    }

    /** Where backups go: beside the file, or for a team database in the local data dir. */
    private Path imports() {
        return cli.postgres() ? dir.resolve("local/llmcost/imports") : dir.resolve("db/imports");
    }

    private Map<String, String[]> byUser() {
        Map<String, String[]> users = new HashMap<>();
        for (JsonNode row : cli.ok("report", "--by", "user", "--format", "json").json().path("rows")) {
            users.put(row.path("user").asText(), new String[] {row.path("requests").asText(),
                    row.path("cost_usd").decimalValue().stripTrailingZeros().toPlainString()});
        }
        return users;
    }

    @Test
    void fixtureImportsWithItsExactTotalsAndOnlyOnce() throws Exception {
        byte[] before = Files.readAllBytes(fixture);
        Cli.Result first = cli.ok("import-json", fixture.toString());
        assertTrue(first.out().contains("40 records, 40 new, 0 already present"), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.startsWith("Total") && l.contains("$182.845601") && l.endsWith("yes")),
                first.out());
        JsonNode total = cli.ok("report", "--format", "json").json().path("total");
        assertEquals(40, total.path("requests").asLong());
        assertEquals(new BigDecimal("182.845601"), total.path("cost_usd").decimalValue());
        assertEquals(3_191_747, total.path("input_tokens").asLong());
        assertEquals(156_321, total.path("output_tokens").asLong());
        Map<String, String[]> users = byUser();
        assertEquals("11", users.get("357712782")[0]);
        assertEquals("42.586894", users.get("357712782")[1]);
        assertEquals("12", users.get("171973069")[0]);
        assertEquals("49.7645", users.get("171973069")[1]);
        assertEquals("17", users.get("433938499")[0]);
        assertEquals("90.494207", users.get("433938499")[1]);
        assertEquals(6, cli.count("SELECT count(*) FROM budgets WHERE scope = 'user'"), "daily and monthly limits of 3 users");
        // counted from the fixture with a separate script: 2 voice calls of this user lack a session, 17 in all
        assertEquals(2, cli.count("SELECT count(*) FROM events WHERE request_type = 'voice' AND session IS NULL AND \"user\" = '357712782'"));
        assertEquals(17, cli.count("SELECT count(*) FROM events WHERE session IS NULL"));

        Cli.Result second = cli.ok("import-json", fixture.toString());
        assertTrue(second.out().contains("40 records, 0 new, 40 already present"), second.out());
        assertEquals(40, cli.rows());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(fixture)), "the source is never modified");
        try (var backups = Files.list(imports())) {
            Path backup = backups.findFirst().orElseThrow();
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(backup)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        }
        assertEquals(2, cli.count("SELECT count(*) FROM imports"));
    }

    @Test
    void summaryAsJsonAndCsv() throws Exception {
        JsonNode dry = cli.ok("import-json", fixture.toString(), "--dry-run", "--format", "json").json();
        assertTrue(dry.path("dry_run").asBoolean());
        JsonNode planned = dry.path("files").get(0);
        assertEquals("telegram", planned.path("shape").asText());
        assertEquals(40, planned.path("records").asLong());
        assertTrue(planned.path("new_records").isNull(), "nothing written on a dry run");
        assertTrue(planned.path("total").path("db_cost_usd").isNull());
        assertEquals(6, planned.path("user_budgets").asInt());

        JsonNode imported = cli.ok("import-json", fixture.toString(), "--format", "json").json();
        assertEquals(1, imported.path("files").size(), "one document for the run");
        JsonNode file = imported.path("files").get(0);
        assertEquals(fixture.toString(), file.path("file").asText());
        assertEquals(40, file.path("new_records").asLong());
        assertEquals(0, file.path("already_present").asLong());
        assertEquals(64, file.path("sha256").asText().length());
        assertTrue(file.path("backup").asText().contains("/imports/usage."), file.toString());
        JsonNode total = file.path("total");
        assertEquals(new BigDecimal("182.845601"), total.path("cost_usd").decimalValue());
        assertEquals(new BigDecimal("182.845601"), total.path("db_cost_usd").decimalValue());
        assertEquals(3_191_747, total.path("db_input_tokens").asLong());
        assertTrue(total.path("match").asBoolean());
        Map<String, JsonNode> users = new HashMap<>();
        file.path("users").forEach(u -> users.put(u.path("user").asText(), u));
        assertEquals(3, users.size());
        assertEquals(17, users.get("433938499").path("records").asLong());
        assertEquals(new BigDecimal("90.494207"), users.get("433938499").path("db_cost_usd").decimalValue());

        String csv = cli.ok("import-json", fixture.toString(), "--format", "csv", "--no-backup").out();
        List<String> lines = csv.lines().toList();
        assertEquals("file,shape,user,records,input_tokens,output_tokens,cost_usd,db_records,db_input_tokens,"
                + "db_output_tokens,db_cost_usd,match", lines.get(0));
        assertEquals(4, lines.size(), "a header and one row per user: " + csv);
        assertTrue(csv.endsWith("\r\n"), "RFC 4180 line ends");
        String ann = lines.stream().filter(l -> l.contains(",433938499,")).findFirst().orElseThrow();
        assertTrue(ann.startsWith(fixture + ",telegram,433938499,17,") && ann.endsWith(",90.494207,true"), ann);
        String dryCsv = cli.ok("import-json", fixture.toString(), "--format", "csv", "--dry-run").out();
        assertTrue(dryCsv.lines().skip(1).allMatch(l -> l.endsWith(",,,,,")), "no database side on a dry run: " + dryCsv);
    }

    @Test
    void naiveTimestampsAreReadInTheGivenZone() {
        cli.ok("import-json", fixture.toString(), "--tz", "Asia/Tokyo", "--no-backup");
        // "2025-06-08T14:44:32.090122" in Tokyo (UTC+9)
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE occurred_at = '2025-06-08T05:44:32.090Z'"));
        assertTrue(Files.notExists(imports()), "--no-backup");
    }

    @Test
    void dryRunWritesNothing() {
        Cli.Result result = cli.ok("import-json", fixture.toString(), "--dry-run");
        assertTrue(result.out().contains("Dry run") && result.out().contains("$182.845601"), result.out());
        assertTrue(Files.notExists(cli.postgres() ? imports() : dir.resolve("db")), "no database, no backup");
    }

    @Test
    void aBadRecordAtTheEndLeavesEverythingAsItWas() throws Exception {
        cli.ok("record", "--model", "gpt-4o", "--cost", "1");
        String text = Files.readString(fixture);
        int last = text.lastIndexOf("\"input_tokens\": ");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, text.substring(0, last) + "\"input_tokens\": -5" + text.substring(text.indexOf(',', last)));
        Cli.Result result = cli.run("import-json", broken.toString());
        assertEquals(2, result.code(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().matches("llmcost: .*broken\\.json:\\d+: users\\.\\d+\\.records\\[\\d+\\]: input_tokens must be.*\\R"),
                result.err());
        assertEquals(1, cli.rows());
        assertEquals(0, cli.count("SELECT count(*) FROM budgets"));
        assertTrue(Files.notExists(imports()), "no backup when nothing is imported");

        Cli.Result skipping = cli.ok("import-json", broken.toString(), "--skip-invalid");
        assertTrue(skipping.err().contains("skipped 1 invalid record"), skipping.err());
        assertEquals(40, cli.rows());
    }

    @Test
    void arrayLinesAndExtensionShapes() throws Exception {
        Path array = dir.resolve("array.json");
        Files.writeString(array, """
                [{"timestamp": "2026-11-01T10:00:00Z", "model": "gpt-4o", "input_tokens": 1000000, "output_tokens": 0,
                  "project": "site", "user": "ann"},
                 {"timestamp": "2026-11-01T11:00:00Z", "model": "gpt-4o", "input_tokens": 10, "cost": 0.5}]""");
        Cli.Result result = cli.ok("import-json", array.toString());
        assertTrue(result.out().contains("(array)"), result.out());
        Path lines = dir.resolve("log.jsonl");
        Files.writeString(lines, """
                {"timestamp": "2026-11-02T10:00:00+02:00", "model": "claude-sonnet-4-20250514", "input_tokens": 5, "cost": 0.25}
                {"timestamp": "2026-11-02T11:00:00", "model": "claude-sonnet-4-20250514", "input_tokens": 5, "cost": 0.25}
                """);
        assertTrue(cli.ok("import-json", lines.toString()).out().contains("(jsonl)"));
        Path extension = dir.resolve("extension.json");
        Files.writeString(extension, """
                [{"id": "rec-1", "timestamp": 1762077600000, "sessionId": "tab-3", "provider": "openai",
                  "modelId": "gpt-4o-mini", "modelSlot": "fast", "promptTokens": 100, "completionTokens": 40,
                  "reasoningTokens": 10, "totalTokens": 150, "costUSD": 0.002},
                 {"id": "rec-2", "timestamp": "2026-11-02T10:00:00.000Z", "provider": "anthropic",
                  "modelId": "claude-haiku-4-5", "modelSlot": "full", "promptTokens": 10, "completionTokens": 5,
                  "totalTokens": 15, "costUSD": 0.001}]""");
        assertTrue(cli.ok("import-json", extension.toString()).out().contains("(extension)"));
        assertEquals(6, cli.rows());
        JsonNode total = cli.ok("report", "--format", "json").json().path("total");
        assertEquals(0, new BigDecimal("3.503").compareTo(total.path("cost_usd").decimalValue()), total.toString());
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE event_key = 'import:rec-1' AND output_tokens = 50 "
                + "AND reasoning_tokens = 10 AND session = 'tab-3' AND occurred_at = '2025-11-02T10:00:00.000Z'"));
        assertEquals(2, cli.count("SELECT count(*) FROM event_tags WHERE key = 'slot'"));
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE occurred_at = '2026-11-02T08:00:00.000Z'"), "+02:00");
        assertEquals(1, cli.count("SELECT count(*) FROM events WHERE occurred_at = '2026-11-02T11:00:00.000Z'"), "UTC tz");
        assertEquals(1, cli.count("SELECT count(*) FROM events e JOIN projects p ON p.id = e.project_id WHERE p.name = 'site'"));
        assertEquals(5, cli.count("SELECT count(*) FROM events e JOIN projects p ON p.id = e.project_id WHERE p.name = 'imported'"));
        Path overlapping = dir.resolve("more.json");
        Files.writeString(overlapping, Files.readString(extension).replace("]", ",{\"id\": \"rec-3\", \"timestamp\": 1762077600000, "
                + "\"modelId\": \"gpt-4o\", \"promptTokens\": 1, \"completionTokens\": 1, \"costUSD\": 0.5}]"));
        assertTrue(cli.ok("import-json", overlapping.toString()).out().contains("3 records, 1 new, 2 already present"));

        // an id the file repeats counts once; one stored before counts as present, with its stored values
        Path repeats = dir.resolve("repeats.jsonl");
        Files.writeString(repeats, """
                {"id": "rep-1", "timestamp": "2026-11-01T10:00:00Z", "model": "gpt-4o", "input_tokens": 7, "cost": 0.25}
                {"id": "rep-1", "timestamp": "2026-11-01T10:00:00Z", "model": "gpt-4o", "input_tokens": 7, "cost": 0.25}
                {"id": "rec-3", "timestamp": 1762077600000, "model": "gpt-4o", "input_tokens": 1, "output_tokens": 1, "cost": 0.5}
                """);
        Cli.Result repeated = cli.ok("import-json", repeats.toString());
        assertTrue(repeated.out().contains("2 records, 1 new, 1 already present"), repeated.out());
        assertTrue(repeated.out().contains("$0.75") && !repeated.out().contains("NO"), repeated.out());
        assertEquals(8, cli.rows());
    }

    @Test
    void aMismatchWithWhatTheDatabaseHoldsRollsBack() throws Exception {
        cli.ok("record", "--model", "gpt-4o", "--id", "import:rec-1", "--cost", "9");
        Path extension = dir.resolve("extension.json");
        Files.writeString(extension, """
                [{"id": "rec-1", "timestamp": 1762077600000, "modelId": "gpt-4o", "promptTokens": 1, "costUSD": 0.5},
                 {"id": "rec-2", "timestamp": 1762077600000, "modelId": "gpt-4o", "promptTokens": 1, "costUSD": 0.5}]""");
        Cli.Result result = cli.run("import-json", extension.toString());
        assertEquals(1, result.code());
        assertTrue(result.err().contains("do not match"), result.err());
        assertTrue(result.out().contains("NO"), "both sides shown: " + result.out());
        assertEquals(1, cli.rows());
        Cli.Result json = cli.run("import-json", extension.toString(), "--format", "json");
        assertEquals(1, json.code());
        JsonNode total = json.json().path("files").get(0).path("total");
        assertEquals(false, total.path("match").asBoolean(true), "the mismatch as one JSON document: " + json.out());
        assertEquals(0, new BigDecimal("1").compareTo(total.path("cost_usd").decimalValue()));
        assertEquals(0, new BigDecimal("9.5").compareTo(total.path("db_cost_usd").decimalValue()), json.out());
        assertEquals(1, cli.rows());
    }

    @Test
    void unusableFilesExitTwo() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        Path truncated = Files.writeString(dir.resolve("truncated.json"), "[{\"model\": \"gpt-4o\", \"timestamp\": 1");
        Path scalar = Files.writeString(dir.resolve("scalar.json"), "42");
        for (String file : new String[] {empty.toString(), truncated.toString(), scalar.toString(), dir.toString(),
                "/dev/null", dir.resolve("missing.json").toString()}) {
            Cli.Result result = cli.run("import-json", file);
            assertEquals(2, result.code(), file + ": " + result.err());
            assertEquals(1, result.err().lines().count(), result.err());
        }
        assertEquals(2, cli.run("import-json", fixture.toString(), "--shape", "array").code());
    }
}
