package dev.llmcost.cli;

import dev.llmcost.env.DbLocation;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.render.Numbers;
import dev.llmcost.store.HealthCheck;
import dev.llmcost.store.PostgresUrl;
import dev.llmcost.store.ProjectStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(mixinStandardHelpOptions = true, name = "doctor", description = "Check the database and the price table; say what is wrong and how to fix it.",
        footer = {"", "Exit status: 0 when everything is fine, 1 when something needs fixing."})
public final class DoctorCommand extends BaseCommand {
    private static final Duration PRICES_GET_OLD = Duration.ofDays(120);

    private boolean healthy = true;

    private void ok(String what) {
        out().println("ok    " + what);
    }

    private void problem(String what, String fix) {
        healthy = false;
        out().println("FIX   " + what + "\n      → " + fix);
    }

    @Override
    public Integer call() {
        PostgresUrl server = postgres();
        if (server != null) {
            checkServer(server);
            checkPrices();
            return healthy ? LlmcostException.EXIT_OK : LlmcostException.EXIT_RUNTIME;
        }
        Path db = dbPath().toAbsolutePath();
        out().println("database " + db);
        if (!Files.exists(db)) {
            out().println("info  no database yet: it is created by the first 'llmcost record' (or any command)");
            checkPrices();
            return LlmcostException.EXIT_OK;
        }
        checkPermissions(db);
        try (Store store = Store.open(db, environment().clock(), DbLocation.cacheDir(environment()),
                DbLocation.lockWaitMs(environment()))) {
            ok("opens; schema version " + store.read(connection -> store.schemaVersion()));
            store.read(connection -> {
                HealthCheck health = new HealthCheck(connection);
                List<String> problems = health.integrityProblems();
                if (problems.isEmpty()) {
                    ok("integrity_check passes");
                } else {
                    problem("integrity_check: " + String.join("; ", problems.subList(0, Math.min(3, problems.size()))),
                            "copy what can be read: sqlite3 " + db + " '.recover' | sqlite3 recovered.db");
                }
                String mode = health.journalMode();
                if ("wal".equalsIgnoreCase(mode)) {
                    ok("journal mode WAL");
                } else {
                    problem("journal mode " + mode, "run any llmcost command with write access; it switches to WAL");
                }
                StringBuilder counts = new StringBuilder();
                for (Map.Entry<String, Long> count : health.rowCounts().entrySet()) {
                    counts.append(counts.length() == 0 ? "" : ", ").append(Numbers.count(count.getValue())).append(' ').append(count.getKey());
                }
                ok("rows: " + counts);
                checkTwoWays(health);
                var horizon = new ProjectStore(connection).prunedBefore();
                if (horizon != null) {
                    ok("raw events before " + horizon + " were pruned (rollups kept)");
                }
                return null;
            });
        } catch (LlmcostException e) {
            problem(e.getMessage(), "check the path, its permissions and free disk space; 'llmcost --db OTHER' uses another file");
        }
        checkPrices();
        return healthy ? LlmcostException.EXIT_OK : LlmcostException.EXIT_RUNTIME;
    }

    /** A team database: reachable, at this llmcost's schema version, and what this role may do. */
    private void checkServer(PostgresUrl server) {
        out().println("database " + server);
        try (Store store = openStore()) {
            ok("reachable; schema version " + store.read(connection -> store.schemaVersion()));
            store.read(connection -> {
                HealthCheck health = new HealthCheck(connection);
                Map<String, Boolean> privileges = health.privileges();
                if (privileges.values().stream().allMatch(Boolean::booleanValue)) {
                    ok("role " + server.user() + " may read and write every table");
                } else if (privileges.getOrDefault("SELECT", false)) {
                    ok("role " + server.user() + " may read only (report, budget status); record and sync need "
                            + "INSERT and UPDATE: " + privileges);
                } else {
                    problem("role " + server.user() + " cannot read the tables: " + privileges,
                            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + server.user());
                }
                StringBuilder counts = new StringBuilder();
                for (Map.Entry<String, Long> count : health.rowCounts().entrySet()) {
                    counts.append(counts.length() == 0 ? "" : ", ").append(Numbers.count(count.getValue())).append(' ').append(count.getKey());
                }
                ok("rows: " + counts);
                checkTwoWays(health);
                return null;
            });
        } catch (LlmcostException e) {
            problem(e.getMessage(), "check the host, port and database name, the password (PGPASSWORD or ~/.pgpass) "
                    + "and sslmode; 'psql " + server + "' should connect");
        }
    }

    /** Calls of one agent that arrive both by OpenTelemetry and by ingest of its logs may be counted twice. */
    private void checkTwoWays(HealthCheck health) throws java.sql.SQLException {
        List<String> both = health.agentsArrivingTwoWays();
        if (both.isEmpty()) {
            ok("no agent's calls arrive both by OpenTelemetry and from its logs");
        } else {
            problem(String.join(", ", both) + ": calls arrive both by OpenTelemetry (serve's /v1/) and from the agent's "
                    + "logs (ingest), which share no id: they may be counted twice",
                    "use one way per agent: switch off its telemetry export, or stop ingesting its logs");
        }
    }

    private void checkPermissions(Path db) {
        try {
            String file = PosixFilePermissions.toString(Files.getPosixFilePermissions(db));
            String dir = PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent()));
            if (file.substring(3).equals("------") && dir.substring(3).equals("------")) {
                ok("permissions " + file + " (file), " + dir + " (directory)");
            } else {
                problem("permissions " + file + " (file), " + dir + " (directory): others can read your usage",
                        "chmod 600 " + db + " && chmod 700 " + db.getParent());
            }
            if (!Files.isWritable(db)) {
                problem("the file is read-only", "chmod u+w " + db);
            }
        } catch (IOException | UnsupportedOperationException e) {
            problem("cannot read permissions: " + e.getMessage(), "check the path");
        }
    }

    private void checkPrices() {
        dev.llmcost.pricing.PriceData table = DbLocation.pricer(environment()).data();
        Matcher date = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})").matcher(table.source().date());
        if (!date.find()) {
            ok("price table: " + table.source().label());
            return;
        }
        LocalDate generated = LocalDate.parse(date.group(1));
        long days = Duration.between(generated.atStartOfDay(ZoneOffset.UTC).toInstant(), environment().clock().instant()).toDays();
        if (days > PRICES_GET_OLD.toDays()) {
            problem("the price table is " + days + " days old (" + table.source().label() + ")",
                    "llmcost prices update; ~/.config/llmcost/prices.json overrides entries");
        } else {
            ok("price table " + table.source().label() + " (" + days + " days old)");
        }
    }

}
