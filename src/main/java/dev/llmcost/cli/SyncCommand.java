package dev.llmcost.cli;

import dev.llmcost.capture.TextFields;
import dev.llmcost.env.DbLocation;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Origin;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.render.Numbers;
import dev.llmcost.store.EventWriter;
import dev.llmcost.store.PostgresUrl;
import dev.llmcost.store.Store;
import dev.llmcost.store.SyncStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(mixinStandardHelpOptions = true, name = "sync", sortOptions = false,
        description = "Push the events recorded locally since the last sync to a team database (one transaction "
                + "per batch; safe to interrupt and to run again).",
        footer = {"", "Example crontab line (every 10 minutes; PGPASSWORD or ~/.pgpass holds the password):",
                "  */10 * * * *  llmcost sync --to postgresql://alice@db.example.com:5432/llmcost --quiet"})
public final class SyncCommand extends BaseCommand {
    /** The tag that says which machine a synced event came from. */
    static final String MACHINE_TAG = "machine";

    @Option(names = "--to", paramLabel = "URL", required = true,
            description = "The team database: postgresql://USER@HOST:PORT/DB (or another llmcost file).")
    String to;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "5000",
            description = "Events per transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Whose events these are, for those recorded without --user (default: $USER).")
    String user;

    @Option(names = "--machine", paramLabel = "NAME",
            description = "This machine's name, kept as the events' 'machine' tag (default: the host name).")
    String machine;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing unless it fails (for cron).")
    boolean quiet;

    @Override
    public Integer call() {
        if (batch < 1 || batch > 1_000_000) {
            throw LlmcostException.usage("--batch: expected 1 to 1000000 events, got " + batch);
        }
        if (postgres() != null) {
            throw LlmcostException.usage("sync pushes a local database file: --db (or LLMCOST_DB) names a server, "
                    + "give the server as --to");
        }
        String who = TextFields.check("--user", user != null ? user : defaultUser());
        String where = TextFields.check("--machine", machine != null ? machine : defaultMachine());
        PostgresUrl server = targetServer();
        Path local = dbPath().toAbsolutePath();
        if (server == null && Path.of(to).toAbsolutePath().normalize().equals(local.normalize())) {
            throw LlmcostException.usage("--to: '" + to + "' is the local database itself");
        }
        long read = 0;
        long added = 0;
        int batches = 0;
        try (Store from = openStore();
             Store target = server != null
                     ? Store.openPostgres(server, environment().clock(), DbLocation.lockWaitMs(environment()))
                     : Store.open(Path.of(to), environment().clock(), DbLocation.cacheDir(environment()),
                     DbLocation.lockWaitMs(environment()))) {
            String source = from.write(SyncStore::localSourceId);
            target.write(connection -> {
                SyncStore.ensureServerTables(connection);
                return null;
            });
            while (true) {
                long[] pushed = target.write(connection -> {
                    Instant now = environment().clock().instant();
                    long after = SyncStore.lockWatermark(connection, source, who, where, now);
                    List<SyncStore.LocalEvent> events = from.read(l -> SyncStore.readAfter(l, after, batch));
                    if (events.isEmpty()) {
                        return null;
                    }
                    long stored = 0;
                    try (EventWriter writer = new EventWriter(connection, environment().clock())) {
                        for (SyncStore.LocalEvent event : events) {
                            if (writer.insert(attributed(event, source, who, where))) {
                                stored++;
                            }
                        }
                    }
                    long lastId = events.get(events.size() - 1).id();
                    SyncStore.advance(connection, source, who, where, lastId, stored, now);
                    return new long[] {events.size(), stored};
                });
                if (pushed == null) {
                    break;
                }
                batches++;
                read += pushed[0];
                added += pushed[1];
            }
            if (!quiet) {
                out().println("Synced " + Numbers.count(added) + " new event(s)"
                        + (read > added ? " (" + Numbers.count(read - added) + " already there)" : "")
                        + " from " + local + " to " + target.label() + " in " + batches + " batch(es).");
            }
        }
        return LlmcostException.EXIT_OK;
    }

    /** The event as the team sees it: a key that makes a re-push a no-op, a user, and the machine it came from. */
    private static UsageEvent attributed(SyncStore.LocalEvent local, String source, String user, String machine) {
        UsageEvent e = local.event();
        Origin o = e.origin();
        Origin origin = o.user() != null ? o : new Origin(user, o.session(), o.agent(), o.task(), o.run(), o.requestType());
        String key = e.eventKey() != null ? e.eventKey() : "sync:" + source + ":" + local.id();
        Map<String, String> tags = new LinkedHashMap<>(e.tags());
        tags.putIfAbsent(MACHINE_TAG, machine);
        return new UsageEvent(e.occurredAt(), e.project(), e.provider(), e.model(), e.tokens(), e.costUsd(),
                e.costSource(), origin, e.durationMs(), key, tags, e.costBasis());
    }

    private PostgresUrl targetServer() {
        if (to.isEmpty()) {
            throw LlmcostException.usage("--to: expected postgresql://USER@HOST:PORT/DB, got ''");
        }
        if (!PostgresUrl.looksLikeUrl(to)) {
            return null;
        }
        if (!PostgresUrl.isPostgres(to)) {
            throw LlmcostException.usage("--to: '" + PostgresUrl.redact(to) + "' is not a database llmcost can use: "
                    + "give postgresql://USER@HOST:PORT/DB");
        }
        return PostgresUrl.parse(to, environment()::variable, "--to");
    }

    private String defaultUser() {
        String name = environment().variable("USER");
        return name != null ? name : System.getProperty("user.name", "unknown");
    }

    private String defaultMachine() {
        String name = environment().variable("HOSTNAME");
        if (name != null) {
            return name;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
