package dev.llmcost.cli;

import dev.llmcost.model.LlmcostException;
import dev.llmcost.render.Numbers;
import dev.llmcost.store.PruneStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

@Command(mixinStandardHelpOptions = true, name = "prune", sortOptions = false,
        description = "Delete raw events older than N days; hourly rollups stay, so reports by model, family, "
                + "provider, project, user, mode, day, week and month keep their totals.",
        footer = {"", "Example crontab line (03:17 every night):",
                "  17 3 * * *  llmcost prune --days 90 --quiet"})
public final class PruneCommand extends BaseCommand {
    @Option(names = "--days", paramLabel = "N", required = true, description = "Keep the last N days of raw events.")
    int days;

    @Option(names = "--dry-run", description = "Only say how many events would be deleted.")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing unless it fails (for cron).")
    boolean quiet;

    @Option(names = "--force", description = "Also delete events that a team sync has not sent yet (kept otherwise).")
    boolean force;

    @Option(names = "--vacuum", description = "Give the freed space back to the disk afterwards (rewrites the file).")
    boolean vacuum;

    /** What a prune deletes, and what it keeps because a sync target does not hold it yet. */
    private record Plan(long deleted, long kept, List<String> behind) {
    }

    @Override
    public Integer call() {
        if (days < 1) {
            throw LlmcostException.usage("--days: must be 1 or more, got " + days);
        }
        ZoneId zone = zone();
        Instant cutoff = environment().clock().instant().minus(Duration.ofDays(days));
        String when = cutoff.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " ("
                + DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(zone).format(cutoff) + " " + zone.getId() + ")";
        try (Store store = openStore()) {
            Plan plan = dryRun ? store.read(connection -> plan(new PruneStore(connection), cutoff, false))
                    : store.write(connection -> plan(new PruneStore(connection), cutoff, true));
            if (vacuum && !dryRun) {
                PruneStore.vacuum(store);
            }
            if (!quiet) {
                out().println((dryRun ? "Would delete " : "Deleted ") + Numbers.count(plan.deleted()) + " event(s) before "
                        + when + "; rollups kept" + (vacuum && !dryRun ? ", file vacuumed." : "."));
                if (plan.kept() > 0) {
                    warn((dryRun ? "would keep " : "kept ") + Numbers.count(plan.kept()) + " event(s) before " + when
                            + " that sync has not sent to " + String.join(", ", plan.behind()) + " yet; the next "
                            + "'llmcost sync' sends them and a later prune deletes them (--force deletes them now)");
                }
            }
        }
        return LlmcostException.EXIT_OK;
    }

    /** Counts, and with {@code delete} deletes, in the caller's transaction. */
    private Plan plan(PruneStore prune, Instant cutoff, boolean delete) throws SQLException {
        long through = force ? Long.MAX_VALUE : prune.sentToEveryTarget();
        long before = prune.countBefore(cutoff, Long.MAX_VALUE);
        long deletable = through == Long.MAX_VALUE ? before : prune.countBefore(cutoff, through);
        List<String> behind = deletable < before ? prune.targetsBehind(prune.lastIdBefore(cutoff)) : List.of();
        long deleted = delete ? prune.deleteBefore(cutoff, through) : deletable;
        return new Plan(deleted, before - deletable, behind);
    }
}
