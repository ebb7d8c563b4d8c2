package dev.llmcost.store;

import dev.llmcost.Cli;
import dev.llmcost.TestPostgres;
import dev.llmcost.model.LlmcostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only a PostgreSQL team database has: its schema steps, roles, passwords and URLs. */
class PostgresStoreTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static PostgresUrl url(String text) {
        return PostgresUrl.parse(text, name -> null, "--db");
    }

    @Test
    void everyEarlierVersionUpgradesToTheLatestKeepingRows() throws Exception {
        TestPostgres pg = TestPostgres.get();
        for (int version = 0; version < Migrations.latestVersion(); version++) {
            String target = pg.newDatabase();
            try (Connection c = pg.connect(TestPostgres.databaseOf(target))) {
                for (int step = 0; step < version; step++) {
                    Migrations.ALL.get(step).apply(c);
                }
                Dialect.POSTGRESQL.setSchemaVersion(c, version);
                if (version >= 1) {
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO projects (name, created_at) VALUES ('old', '2026-01-01T00:00:00.000Z')");
                        s.execute("""
                                INSERT INTO events (occurred_at, project_id, provider, model, cost_nanos, cost_source,
                                  recorded_at) VALUES ('2026-01-01T10:00:00.000Z', 1, 'openai', 'gpt-4o', 5, 'given',
                                  '2026-01-01T10:00:00.000Z')""");
                        s.execute("""
                                INSERT INTO usage_hourly VALUES ('2026-01-01T10', 1, 'openai', 'gpt-4o', '', 1, 0, 0, 0,
                                  0, 0, 5, 0)""");
                    }
                }
            }
            try (Store store = Store.openPostgres(url(target), CLOCK, 10_000)) {
                assertEquals(Migrations.latestVersion(), store.schemaVersion(), "from version " + version);
                assertEquals(version >= 1 ? 1L : 0L, (long) store.read(c -> count(c, "SELECT count(*) FROM events")));
                if (version >= 1 && version < 6) {
                    assertEquals(5L, (long) store.read(c -> count(c, "SELECT sum(cost_nanos) FROM usage_daily")),
                            "m006 filled the daily rollup from version " + version);
                }
            }
        }
    }

    @Test
    void refusesADatabaseFromANewerLlmcost() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String target = pg.newDatabase();
        try (Connection c = pg.connect(TestPostgres.databaseOf(target))) {
            Dialect.POSTGRESQL.setSchemaVersion(c, 999);
        }
        LlmcostException e = assertThrows(LlmcostException.class, () -> Store.openPostgres(url(target), CLOCK, 1000));
        assertTrue(e.getMessage().contains("newer llmcost (schema 999"), e.getMessage());
    }

    @Test
    void aReadOnlyRoleReportsButCannotWrite() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String target = pg.newDatabase();
        String database = TestPostgres.databaseOf(target);
        String owner = pg.url(database);
        Cli team = Cli.at(owner, dir, NOW);
        team.ok("record", "--model", "gpt-4o", "--input-tokens", "10", "--cost", "1.5", "--user", "ann");
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE llmcost_report LOGIN PASSWORD 'secret-pw'; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("GRANT CONNECT ON DATABASE " + database + " TO llmcost_report");
            s.execute("GRANT USAGE ON SCHEMA public TO llmcost_report");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO llmcost_report");
        }
        String reader = owner.replace("postgres@", "llmcost_report@");
        Cli readOnly = Cli.at(reader, dir, NOW).env("PGPASSWORD", "secret-pw");
        assertEquals(0, new java.math.BigDecimal("1.5").compareTo(readOnly.ok("report", "--by", "user", "--format", "json")
                .json().path("total").path("cost_usd").decimalValue()));
        assertEquals(0, readOnly.run("budget", "status").code());
        Cli.Result record = readOnly.run("record", "--model", "gpt-4o", "--input-tokens", "1", "--cost", "1");
        assertEquals(1, record.code(), record.err());
        assertTrue(record.err().contains("permission denied"), record.err());
        assertEquals(1, record.err().lines().count(), record.err());
        Cli.Result doctor = readOnly.run("doctor");
        assertTrue(doctor.out().contains("may read only"), doctor.out());
        for (Cli.Result r : new Cli.Result[] {record, doctor}) {
            assertFalse((r.out() + r.err()).contains("secret-pw"), "the password is never printed");
        }
        assertEquals(1, team.rows(), "the read-only role wrote nothing");
    }

    @Test
    void urlsParseAndNeverShowThePassword() throws Exception {
        PostgresUrl full = url("postgresql://ann:p%40ss@db.example.com:6543/team?sslmode=verify-full&connectTimeout=5");
        assertEquals("ann", full.user());
        assertEquals("p@ss", full.password());
        assertEquals("db.example.com", full.host());
        assertEquals(6543, full.port());
        assertEquals("team", full.database());
        assertEquals(Map.of("sslmode", "verify-full", "connectTimeout", "5"), full.parameters());
        assertEquals("postgresql://ann@db.example.com:6543/team", full.toString());
        assertEquals("jdbc:postgresql://db.example.com:6543/team", full.jdbcUrl());
        PostgresUrl defaults = PostgresUrl.parse("postgres://ann@host", name -> Map.of("PGPASSWORD", "pw").get(name), "--db");
        assertEquals(5432, defaults.port());
        assertEquals("ann", defaults.database());
        assertEquals("pw", defaults.password());
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "# comment\nother:*:*:*:no\nhost:5432:*:ann:from\\:file\n");
        PostgresUrl fromFile = PostgresUrl.parse("postgresql://ann@host/db",
                name -> Map.of("PGPASSFILE", pgpass.toString()).get(name), "--db");
        assertEquals("from:file", fromFile.password());
        LlmcostException bad = assertThrows(LlmcostException.class, () -> url("postgresql://ann:pw@host:99999/db"));
        assertFalse(bad.getMessage().contains("pw@"), bad.getMessage());
        assertEquals(2, bad.exitCode());
    }

    @Test
    void otherUrlSchemesAreRefusedAndNeverBecomeFiles() {
        for (String url : new String[] {"mysql://ann@host:3306/llmcost", "sqlite:///tmp/x.db", "http://host/db"}) {
            for (String[] args : new String[][] {{"report"}, {"record", "--model", "gpt-4o", "--input-tokens", "1"},
                    {"budget", "status"}, {"doctor"}}) {
                Cli.Result result = Cli.at(url, dir, NOW).run(args);
                assertEquals(2, result.code(), url + " " + String.join(" ", args) + ": " + result.err());
                assertEquals(1, result.err().lines().count(), result.err());
                assertTrue(result.err().contains("is not a database llmcost can use"), result.err());
            }
            String scheme = url.substring(0, url.indexOf(':') + 1);
            assertFalse(Files.exists(Path.of(scheme)), "no file or directory named like the URL: " + scheme);
            assertFalse(Files.exists(dir.resolve(scheme)));
        }
        Cli.Result fromEnv = Cli.at("postgresql://ann@h:1/db", dir, NOW).env("LLMCOST_DB", "mysql://x@h/db").run("report");
        assertEquals(1, fromEnv.code(), "--db wins over LLMCOST_DB: " + fromEnv.err());
    }

    @Test
    void anUnreachableServerIsOneLineAndExitOne() throws Exception {
        Cli cli = Cli.at("postgresql://nobody@127.0.0.1:1/none", dir, NOW);
        Cli.Result result = cli.run("report");
        assertEquals(1, result.code(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("postgresql://nobody@127.0.0.1:1/none cannot be reached"), result.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("postgresql")).count());
        }
    }

    private static long count(Connection c, String sql) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
