package dev.llmcost.report;

import dev.llmcost.model.Money;
import dev.llmcost.model.Tokens;
import dev.llmcost.pricing.Pricer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code report --price-as MODEL}: each call in the report priced as if it had gone to MODEL
 * (same tokens, same time, so tiers and dated prices apply as they would have), grouped as the
 * report groups, so each row can show it beside what it cost. The command checks MODEL, feeds every
 * raw call of the report's range to {@link #add}, then groups the sums with {@link #finish}.
 */
public final class WhatIf {
    /** One raw call: the report's group columns (as the store names them) and what pricing needs. */
    public record Call(Map<String, String> columns, Instant occurredAt, Tokens tokens) {
    }

    private final String model;
    private final String provider;
    private final Pricer pricer;
    private final Map<Map<String, String>, Totals> sums = new HashMap<>();
    private final Map<List<String>, Totals> byRow = new HashMap<>();
    private Totals total = Totals.ZERO;

    /** {@code model} must be one {@code pricer} knows, and the groups must not be tags (raw calls carry none). */
    public WhatIf(String model, String provider, Pricer pricer) {
        this.model = model;
        this.provider = provider;
        this.pricer = pricer;
    }

    public String model() {
        return model;
    }

    public void add(Call call) {
        Pricer.Priced priced = pricer.price(provider, model, call.tokens(), null, call.occurredAt());
        BigDecimal cost = priced.costUsd();
        Totals totals = new Totals(1, call.tokens().input(), call.tokens().output(), call.tokens().cacheWrite(),
                call.tokens().cacheRead(), call.tokens().reasoning(), cost == null ? 0 : Money.toNanos(cost),
                cost == null ? 1 : 0);
        sums.merge(call.columns(), totals, Totals::plus);
    }

    /** Groups what was added as the report groups its rows; {@code column} names a group's raw column. */
    public void finish(List<GroupBy> groups, Function<GroupBy, String> column, ZoneId zone) {
        Report report = Report.build(groups, List.copyOf(sums.entrySet()), Map.Entry::getKey, Map.Entry::getValue,
                column, zone, Map.of());
        for (GroupedRow row : report.rows()) {
            byRow.put(row.keys(), row.totals());
        }
        total = report.total();
    }

    /** The what-if sums for a report row (zero when the row's calls were all pruned). */
    public Totals row(GroupedRow row) {
        return byRow.getOrDefault(row.keys(), Totals.ZERO);
    }

    public Totals total() {
        return total;
    }
}
