package dev.llmcost.cli;

import dev.llmcost.model.LlmcostException;
import dev.llmcost.render.Numbers;
import dev.llmcost.store.PruneStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

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

    @Option(names = "--vacuum", description = "Give the freed space back to the disk afterwards (rewrites the file).")
    boolean vacuum;

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
            if (dryRun) {
                long count = store.read(connection -> new PruneStore(connection).countBefore(cutoff));
                if (!quiet) {
                    out().println("Would delete " + Numbers.count(count) + " event(s) before " + when + "; rollups kept.");
                }
                return LlmcostException.EXIT_OK;
            }
            long deleted = store.write(connection -> new PruneStore(connection).deleteBefore(cutoff));
            if (vacuum) {
                PruneStore.vacuum(store);
            }
            if (!quiet) {
                out().println("Deleted " + Numbers.count(deleted) + " event(s) before " + when + "; rollups kept"
                        + (vacuum ? ", file vacuumed." : "."));
            }
        }
        return LlmcostException.EXIT_OK;
    }
}
