package dev.llmcost.cli;

import dev.llmcost.capture.TextFields;
import dev.llmcost.capture.TimeSpec;
import dev.llmcost.env.DbLocation;
import dev.llmcost.model.CostSource;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.RepriceStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(mixinStandardHelpOptions = true, name = "reprice",
        description = "Recompute the cost of table-priced and unpriced calls with the current prices (after 'prices update' or a prices.json change), in one transaction; given costs are never touched.",
        footer = {"", "Examples:", "  llmcost reprice --dry-run", "  llmcost reprice --since 2026-03-01 --model claude-sonnet-4-6"})
public final class RepriceCommand extends BaseCommand {
    @Option(names = "--since", paramLabel = "TIME", description = "Only calls from this time on: 7d, 3mo, 2026-11-01 … (default: all).")
    String since;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only calls to this model (as stored).")
    String model;

    @Option(names = "--dry-run", description = "Show what would change; write nothing.")
    boolean dryRun;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() {
        Instant now = environment().clock().instant();
        Instant from = since == null ? null : TimeSpec.resolve(since, "--since", now, zone(), false);
        String only = model == null ? null : TextFields.check("--model", model);
        Pricer pricer = DbLocation.pricer(environment());
        RepriceStore.Pricing pricing = row -> {
            Pricer.Priced priced = pricer.price(row.provider(), row.model(), row.tokens(), null, row.occurredAt());
            return new RepriceStore.NewCost(priced.costUsd() == null ? null : Money.toNanos(priced.costUsd()),
                    priced.source() == CostSource.UNPRICED ? "unpriced" : priced.source().dbName(), priced.basis(null));
        };
        Map<String, RepriceStore.Change> changes;
        try (Store store = openStore()) {
            changes = dryRun ? store.read(c -> new RepriceStore(c).reprice(from, only, pricing, false))
                    : store.write(c -> new RepriceStore(c).reprice(from, only, pricing, true));
        }
        print(changes);
        return LlmcostException.EXIT_OK;
    }

    private void print(Map<String, RepriceStore.Change> changes) {
        List<String> header = List.of("model", "calls", "changed", "before_usd", "after_usd", "unpriced_before", "unpriced_after");
        switch (format.format) {
            case CSV -> {
                Csv.row(out(), header);
                changes.forEach((m, c) -> Csv.row(out(), List.of(m, "" + c.calls, "" + c.changed,
                        Money.plain(Money.fromNanos(c.beforeNanos)), Money.plain(Money.fromNanos(c.afterNanos)),
                        "" + c.unpricedBefore, "" + c.unpricedAfter)));
            }
            case JSON -> JsonOut.write(out(), json -> {
                json.writeStartObject();
                json.writeBooleanField("dry_run", dryRun);
                json.writeArrayFieldStart("models");
                for (Map.Entry<String, RepriceStore.Change> e : changes.entrySet()) {
                    RepriceStore.Change c = e.getValue();
                    json.writeStartObject();
                    json.writeStringField("model", e.getKey());
                    json.writeNumberField("calls", c.calls);
                    json.writeNumberField("changed", c.changed);
                    json.writeNumberField("before_usd", Money.forJson(Money.fromNanos(c.beforeNanos)));
                    json.writeNumberField("after_usd", Money.forJson(Money.fromNanos(c.afterNanos)));
                    json.writeNumberField("unpriced_before", c.unpricedBefore);
                    json.writeNumberField("unpriced_after", c.unpricedAfter);
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            default -> {
                TextTable table = new TextTable(List.of("Model", "Calls", "Changed", "Before", "After", "Unpriced before", "Unpriced after"),
                        new boolean[] {false, true, true, true, true, true, true});
                long calls = 0;
                long changed = 0;
                long before = 0;
                long after = 0;
                for (Map.Entry<String, RepriceStore.Change> e : changes.entrySet()) {
                    RepriceStore.Change c = e.getValue();
                    table.add(new ArrayList<>(List.of(e.getKey(), Numbers.count(c.calls), Numbers.count(c.changed),
                            Numbers.usd(Money.fromNanos(c.beforeNanos)), Numbers.usd(Money.fromNanos(c.afterNanos)),
                            Numbers.count(c.unpricedBefore), Numbers.count(c.unpricedAfter))));
                    calls += c.calls;
                    changed += c.changed;
                    before += c.beforeNanos;
                    after += c.afterNanos;
                }
                table.print(out());
                out().println((dryRun ? "Dry run: would reprice " : "Repriced ") + Numbers.count(calls) + " calls ("
                        + Numbers.count(changed) + " changed): " + Numbers.usd(Money.fromNanos(before)) + " -> "
                        + Numbers.usd(Money.fromNanos(after)) + (dryRun ? "; nothing written." : ", in one transaction."));
            }
        }
    }
}
