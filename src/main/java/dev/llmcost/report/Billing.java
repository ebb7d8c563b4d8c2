package dev.llmcost.report;

import dev.llmcost.plan.Plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report --billing subscription}: what the report's calls cost when the agents a plan covers are paid by
 * the plan (its monthly price spread over the days of each month, for every day of the range) and the rest at
 * API prices. Rows get a billed figure only in a report by day, week or month alone, where days map onto rows;
 * otherwise the totals say it.
 */
public final class Billing {
    /** One plan over the report's days: what it cost, and what its agent's calls would have at API prices. */
    public record PlanBill(Plan plan, LocalDate from, LocalDate to, long days, long subscriptionNanos,
                           long apiEquivalentNanos) {
    }

    private final List<PlanBill> plans;
    private final long billedNanos;
    private final Map<List<String>, Long> rowNanos;

    private Billing(List<PlanBill> plans, long billedNanos, Map<List<String>, Long> rowNanos) {
        this.plans = plans;
        this.billedNanos = billedNanos;
        this.rowNanos = rowNanos;
    }

    /**
     * @param covered each plan's agent → the same report over that agent's calls only
     * @param from    the first day of the range, in the report's zone
     * @param to      its last day (inclusive)
     */
    public static Billing of(List<Plan> plans, Report report, Map<String, Report> covered, LocalDate from, LocalDate to) {
        boolean byTime = report.groups().size() == 1 && report.groups().get(0).dimension().isTime();
        Dimension time = byTime ? report.groups().get(0).dimension() : null;
        Map<List<String>, Long> rows = new HashMap<>();
        if (byTime) {
            report.rows().forEach(row -> rows.put(row.keys(), row.totals().costNanos()));
        }
        List<PlanBill> bills = new ArrayList<>();
        long billed = report.total().costNanos();
        for (Plan plan : plans) {
            Report ofAgent = covered.get(plan.agent());
            long api = ofAgent == null ? 0 : ofAgent.total().costNanos();
            long subscription = 0;
            long days = 0;
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                long share = plan.dayNanos(day);
                subscription += share;
                days++;
                if (byTime) {
                    rows.merge(List.of(Report.dateKey(time, day)), share, Long::sum);
                }
            }
            if (byTime && ofAgent != null) {
                ofAgent.rows().forEach(row -> rows.merge(row.keys(), -row.totals().costNanos(), Long::sum));
            }
            billed += subscription - api;
            bills.add(new PlanBill(plan, from, to, days, subscription, api));
        }
        return new Billing(List.copyOf(bills), billed, byTime ? rows : null);
    }

    public List<PlanBill> plans() {
        return plans;
    }

    /** Subscriptions for the plans' agents plus API prices for every other call. */
    public long billedNanos() {
        return billedNanos;
    }

    /** True when each row has its own billed figure (a report by day, week or month alone). */
    public boolean perRow() {
        return rowNanos != null;
    }

    /** A row's billed figure; only when {@link #perRow()}. */
    public long rowNanos(GroupedRow row) {
        return rowNanos.getOrDefault(row.keys(), 0L);
    }
}
