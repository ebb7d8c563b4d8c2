package dev.llmcost.cli;

import dev.llmcost.budget.Budget;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.model.Money;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.ProjectStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(mixinStandardHelpOptions = true, name = "status",
        description = "Show every matching budget: spent, limit, remaining, percent used, state, projection.",
        footer = {"", "Exit status: 0 all ok, 4 a budget is at or past its alert threshold, 3 a budget is at or over its limit."})
public final class BudgetStatusCommand extends BaseCommand {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ScopeOptions scope;

    @Mixin
    FormatOptions format;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing; only set the exit status.")
    boolean quiet;

    @Override
    public Integer call() {
        ZoneId zone = zone();
        Instant now = environment().clock().instant();
        Budget.Scope budgetScope = scope == null ? null : scope.scope();
        String subject = scope == null || budgetScope == Budget.Scope.GLOBAL ? null : scope.subject();
        record Read(List<BudgetStatus> statuses, Map<String, Integer> pins) {
        }
        Read read;
        try (Store store = openStore()) {
            read = store.read(connection -> {
                BudgetStore budgets = new BudgetStore(connection);
                return new Read(budgets.statuses(budgets.list(budgetScope, subject), now, zone),
                        new ProjectStore(connection).pinOrder());
            });
        }
        List<BudgetStatus> statuses = new ArrayList<>(read.statuses());
        statuses.sort((a, b) -> compare(a, b, read.pins()));
        if (!quiet) {
            switch (format.format) {
                case JSON -> json(statuses);
                case CSV -> csv(statuses);
                default -> table(statuses, zone);
            }
        }
        return BudgetStatus.exitCode(statuses);
    }

    /**
     * Pinned projects first in pin order, then by scope, subject and period. Written out rather than
     * with Comparator.comparing, whose serializable lambdas the AOT cache cannot hold: the JVM spun
     * them at run time, ~10 ms of a budget status.
     */
    private static int compare(BudgetStatus a, BudgetStatus b, Map<String, Integer> pins) {
        int byPin = Integer.compare(pinOrder(a, pins), pinOrder(b, pins));
        if (byPin != 0) {
            return byPin;
        }
        int byScope = a.budget().scope().compareTo(b.budget().scope());
        if (byScope != 0) {
            return byScope;
        }
        int bySubject = a.budget().subject().compareTo(b.budget().subject());
        return bySubject != 0 ? bySubject : a.budget().period().compareTo(b.budget().period());
    }

    private static int pinOrder(BudgetStatus status, Map<String, Integer> pins) {
        return status.budget().scope() == Budget.Scope.PROJECT
                ? pins.getOrDefault(status.budget().subject(), Integer.MAX_VALUE) : Integer.MAX_VALUE;
    }

    private static String state(BudgetStatus status) {
        return status.state().name().toLowerCase(Locale.ROOT);
    }

    private void table(List<BudgetStatus> statuses, ZoneId zone) {
        if (statuses.isEmpty()) {
            out().println("No budgets set. Set one with 'llmcost budget set --global --monthly 100'.");
            return;
        }
        TextTable table = new TextTable(List.of("Budget", "Period", "Spent", "Limit", "Remaining", "Used", "", "State",
                "Projected"), new boolean[] {false, false, true, true, true, true, false, false, true});
        for (BudgetStatus s : statuses) {
            double used = s.percentUsed().doubleValue() / 100;
            table.add(List.of(s.budget().describe(), s.budget().period().dbName(), Numbers.usd(s.spentUsd()),
                    Numbers.usd(s.budget().limitUsd()), Numbers.usd(s.remainingUsd()),
                    s.percentUsed().toPlainString() + "%", Numbers.bar(used, 10) + " ".repeat(Math.max(0,
                            10 - Numbers.bar(used, 10).length())), state(s), Numbers.usd(s.projectedUsd())));
        }
        table.print(out());
    }

    private void csv(List<BudgetStatus> statuses) {
        Csv.row(out(), List.of("scope", "subject", "period", "period_start", "period_end", "spent_usd", "limit_usd",
                "remaining_usd", "percent_used", "alert_percent", "state", "projected_usd"));
        for (BudgetStatus s : statuses) {
            Csv.row(out(), List.of(s.budget().scope().dbName(), s.budget().subject(), s.budget().period().dbName(),
                    s.periodStart().toString(), s.periodEnd().toString(), Money.plain(s.spentUsd()),
                    Money.plain(s.budget().limitUsd()), Money.plain(s.remainingUsd()), s.percentUsed().toPlainString(),
                    Integer.toString(s.budget().alertPercent()), state(s), Money.plain(s.projectedUsd())));
        }
    }

    private void json(List<BudgetStatus> statuses) {
        JsonOut.write(out(), json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("budgets");
            for (BudgetStatus s : statuses) {
                json.writeStartObject();
                json.writeStringField("scope", s.budget().scope().dbName());
                json.writeStringField("subject", s.budget().scope() == Budget.Scope.GLOBAL ? null : s.budget().subject());
                json.writeStringField("period", s.budget().period().dbName());
                json.writeStringField("period_start", s.periodStart().toString());
                json.writeStringField("period_end", s.periodEnd().toString());
                json.writeNumberField("spent_usd", Money.forJson(s.spentUsd()));
                json.writeNumberField("limit_usd", Money.forJson(s.budget().limitUsd()));
                json.writeNumberField("remaining_usd", Money.forJson(s.remainingUsd()));
                json.writeNumberField("percent_used", s.percentUsed());
                json.writeNumberField("alert_percent", s.budget().alertPercent());
                json.writeStringField("state", state(s));
                json.writeNumberField("projected_usd", Money.forJson(s.projectedUsd()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("exit_code", BudgetStatus.exitCode(statuses));
            json.writeEndObject();
        });
    }
}
