package dev.llmcost.cli;

import dev.llmcost.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.pricing.Providers;
import dev.llmcost.report.Dimension;
import dev.llmcost.report.GroupBy;
import dev.llmcost.report.GroupedRow;
import dev.llmcost.report.Report;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.Totals;
import dev.llmcost.store.ReportReader;
import dev.llmcost.store.Store;
import dev.llmcost.store.WhatIfReader;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report --price-as MODEL}: each call in the report priced as if it had gone to MODEL
 * (same tokens, same time, so tiers and dated prices apply as they would have), grouped as the
 * report groups, so each row can show it beside what it cost.
 */
final class WhatIf {
    private final String model;
    private final String provider;
    private final Map<List<String>, Totals> byRow = new HashMap<>();
    private Totals total = Totals.ZERO;

    private WhatIf(String model, String provider) {
        this.model = model;
        this.provider = provider;
    }

    String model() {
        return model;
    }

    /** The what-if sums for a report row (zero when the row's calls were all pruned). */
    Totals row(GroupedRow row) {
        return byRow.getOrDefault(row.keys(), Totals.ZERO);
    }

    Totals total() {
        return total;
    }

    static WhatIf compute(String priceAs, Store store, ReportQuery query, List<GroupBy> groups, ZoneId zone,
                          Pricer pricer) {
        String target = TextFields.check("--price-as", priceAs);
        String provider = Providers.infer(target);
        if (pricer.resolve(provider, target).isEmpty()) {
            throw LlmcostException.usage("--price-as: no price known for model '" + target + "' (see 'llmcost prices "
                    + target + "')");
        }
        for (GroupBy group : groups) {
            if (group.dimension() == Dimension.TAG) {
                throw LlmcostException.usage("--price-as cannot group by tags; use --by model, project, day …");
            }
        }
        WhatIf whatIf = new WhatIf(target, provider);
        Map<Map<String, String>, Totals> sums = new HashMap<>();
        store.read(connection -> {
            new WhatIfReader(connection).calls(query, call -> {
                Pricer.Priced priced = pricer.price(provider, target, call.tokens(), null, call.occurredAt());
                BigDecimal cost = priced.costUsd();
                Totals totals = new Totals(1, call.tokens().input(), call.tokens().output(), call.tokens().cacheWrite(),
                        call.tokens().cacheRead(), call.tokens().reasoning(), cost == null ? 0 : Money.toNanos(cost),
                        cost == null ? 1 : 0);
                sums.merge(call.columns(), totals, Totals::plus);
            });
            return null;
        });
        Report report = Report.build(groups, List.copyOf(sums.entrySet()), Map.Entry::getKey, Map.Entry::getValue,
                g -> ReportReader.baseColumn(g, groups.indexOf(g)), zone, Map.of());
        for (GroupedRow row : report.rows()) {
            whatIf.byRow.put(row.keys(), row.totals());
        }
        whatIf.total = report.total();
        return whatIf;
    }
}
