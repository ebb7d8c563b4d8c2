package dev.llmcost.cli;

import dev.llmcost.budget.Budget;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.capture.Usd;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(mixinStandardHelpOptions = true, name = "set", description = "Set (or replace) a budget: a scope and one or more period limits in USD.")
public final class BudgetSetCommand extends BaseCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ScopeOptions scope;

    @Option(names = "--daily", paramLabel = "USD", description = "Limit for the current day.")
    String daily;

    @Option(names = "--weekly", paramLabel = "USD", description = "Limit for the current ISO week (Monday first).")
    String weekly;

    @Option(names = "--monthly", paramLabel = "USD", description = "Limit for the current month.")
    String monthly;

    @Option(names = "--alert-at", paramLabel = "PERCENT", defaultValue = "80",
            description = "Warn at this percent of the limit (default: ${DEFAULT-VALUE}).")
    int alertAt;

    @Override
    public Integer call() {
        Map<BudgetPeriod, BigDecimal> limits = new LinkedHashMap<>();
        putLimit(limits, BudgetPeriod.DAILY, Usd.parsePositive("--daily", daily));
        putLimit(limits, BudgetPeriod.WEEKLY, Usd.parsePositive("--weekly", weekly));
        putLimit(limits, BudgetPeriod.MONTHLY, Usd.parsePositive("--monthly", monthly));
        if (limits.isEmpty()) {
            throw LlmcostException.usage("give at least one limit: --daily, --weekly or --monthly USD");
        }
        if (alertAt < 1 || alertAt > 100) {
            throw LlmcostException.usage("--alert-at: must be a percent from 1 to 100, got " + alertAt);
        }
        Budget.Scope budgetScope = scope.scope();
        String subject = scope.subject();
        try (Store store = openStore()) {
            store.write(connection -> {
                BudgetStore budgets = new BudgetStore(connection);
                for (Map.Entry<BudgetPeriod, BigDecimal> limit : limits.entrySet()) {
                    budgets.put(new Budget(budgetScope, subject, limit.getKey(), limit.getValue(), alertAt),
                            environment().clock().instant());
                }
                return null;
            });
        }
        limits.forEach((period, limit) -> err().println("Budget set: " + new Budget(budgetScope, subject, period,
                limit, alertAt).describe() + ", " + period.dbName() + " $" + limit.toPlainString()
                + ", alert at " + alertAt + "%"));
        return LlmcostException.EXIT_OK;
    }

    private static void putLimit(Map<BudgetPeriod, BigDecimal> limits, BudgetPeriod period, BigDecimal limit) {
        if (limit != null) {
            limits.put(period, limit);
        }
    }
}
