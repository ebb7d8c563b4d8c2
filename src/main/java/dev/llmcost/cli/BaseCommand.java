package dev.llmcost.cli;

import dev.llmcost.env.DbLocation;
import dev.llmcost.env.Environment;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.store.PostgresUrl;
import dev.llmcost.store.Store;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.concurrent.Callable;

/** What every subcommand shares: the global options, the environment, the database, the streams. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Set instead of {@link #spec} when a command runs without picocli (the fast path of record). */
    private LlmcostCommand boundRoot;
    private PrintWriter boundOut;
    private PrintWriter boundErr;

    void bind(LlmcostCommand root, PrintWriter out, PrintWriter err) {
        boundRoot = root;
        boundOut = out;
        boundErr = err;
    }

    LlmcostCommand root() {
        return boundRoot != null ? boundRoot : (LlmcostCommand) spec.root().userObject();
    }

    Environment environment() {
        return root().environment;
    }

    PrintWriter out() {
        return boundOut != null ? boundOut : spec.commandLine().getOut();
    }

    PrintWriter err() {
        return boundErr != null ? boundErr : spec.commandLine().getErr();
    }

    /** The database file; for a team database the default local file's place (what stays local goes beside it). */
    Path dbPath() {
        return DbLocation.resolve(root().db, environment());
    }

    /** The team database, or null when the database is a file. */
    PostgresUrl postgres() {
        return DbLocation.postgres(root().db, environment());
    }

    Store openStore() {
        PostgresUrl server = postgres();
        if (server != null) {
            return Store.openPostgres(server, environment().clock(), DbLocation.lockWaitMs(environment()));
        }
        return Store.open(dbPath(), environment().clock(), DbLocation.cacheDir(environment()),
                DbLocation.lockWaitMs(environment()));
    }

    ZoneId zone() {
        String tz = root().tz;
        if (tz == null) {
            tz = environment().variable("TZ");
            if (tz == null) {
                return ZoneId.systemDefault();
            }
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw LlmcostException.usage("--tz: unknown time zone '" + tz + "' (try Europe/Berlin, UTC, +02:00)");
        }
    }

    void warn(String message) {
        err().println("llmcost: warning: " + message);
    }
}
