package dev.llmcost.cli;

import dev.llmcost.capture.TextFields;
import dev.llmcost.env.DbLocation;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Origin;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.render.Numbers;
import dev.llmcost.store.EventIds;
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
        Tally tally = new Tally();
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
            long held = target.write(connection -> SyncStore.lockWatermark(connection, source, who, where, now()));
            long highest = from.read(EventIds::highest);
            if (held > highest) {
                warn("the team database holds this database's events up to id " + held + " but its ids only reach "
                        + highest + " (emptied by prune or restored from a copy before llmcost kept its ids): "
                        + "sending its events again, each stored once by its key");
                resend(from, target, source, who, where, held, tally);
                from.write(connection -> {
                    EventIds.keep(connection, held);
                    return null;
                });
            }
            while (true) {
                long[] pushed = target.write(connection -> {
                    long after = SyncStore.lockWatermark(connection, source, who, where, now());
                    List<SyncStore.LocalEvent> events = from.read(l -> SyncStore.readAfter(l, after, batch));
                    if (events.isEmpty()) {
                        return new long[] {after, 0, 0};
                    }
                    long stored = 0;
                    try (EventWriter writer = new EventWriter(connection, environment().clock())) {
                        for (SyncStore.LocalEvent event : events) {
                            if (writer.insert(attributed(event, SyncStore.serverKey(event, source), who, where))) {
                                stored++;
                            }
                        }
                    }
                    long lastId = events.get(events.size() - 1).id();
                    SyncStore.advance(connection, source, who, where, lastId, stored, now());
                    return new long[] {lastId, events.size(), stored};
                });
                markSent(from, target.label(), pushed[0]);
                if (pushed[1] == 0) {
                    break;
                }
                tally.batches++;
                tally.read += pushed[1];
                tally.added += pushed[2];
            }
            if (!quiet) {
                out().println("Synced " + Numbers.count(tally.added) + " new event(s)"
                        + (tally.read > tally.added ? " (" + Numbers.count(tally.read - tally.added) + " already there)" : "")
                        + " from " + local + " to " + target.label() + " in " + tally.batches + " batch(es).");
            }
        }
        return LlmcostException.EXIT_OK;
    }

    /** What one sync did, for its summary line. */
    private static final class Tally {
        long read;
        long added;
        int batches;
    }

    private Instant now() {
        return environment().clock().instant();
    }

    /** Remembers here what the target holds, so that prune keeps what it does not hold yet. */
    private void markSent(Store from, String target, long sentThrough) {
        from.write(connection -> {
            SyncStore.markSent(connection, target, sentThrough, now());
            return null;
        });
    }

    /**
     * Sends every local event with an id up to {@code held} again, each under {@link SyncStore#resendKey}, so
     * the calls recorded under reused ids reach the server and the ones it holds are not doubled.
     */
    private void resend(Store from, Store target, String source, String who, String where, long held, Tally tally) {
        long after = 0;
        while (after < held) {
            long start = after;
            List<SyncStore.LocalEvent> events = from.read(l -> SyncStore.readAfter(l, start, batch)).stream()
                    .filter(e -> e.id() <= held).toList();
            if (events.isEmpty()) {
                return;
            }
            long stored = target.write(connection -> {
                SyncStore.lockWatermark(connection, source, who, where, now());
                long added = 0;
                try (EventWriter writer = new EventWriter(connection, environment().clock())) {
                    for (SyncStore.LocalEvent event : events) {
                        String key = SyncStore.resendKey(connection, event, source);
                        if (key != null && writer.insert(attributed(event, key, who, where))) {
                            added++;
                        }
                    }
                }
                return added;
            });
            tally.batches++;
            tally.read += events.size();
            tally.added += stored;
            after = events.get(events.size() - 1).id();
        }
    }

    /** The event as the team sees it: its key there, a user, and the machine it came from. */
    private static UsageEvent attributed(SyncStore.LocalEvent local, String key, String user, String machine) {
        UsageEvent e = local.event();
        Origin o = e.origin();
        Origin origin = o.user() != null ? o : new Origin(user, o.session(), o.agent(), o.task(), o.run(), o.requestType());
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
