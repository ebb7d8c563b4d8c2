package dev.llmcost.cli;

import dev.llmcost.budget.Budget;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(mixinStandardHelpOptions = true, name = "remove", description = "Remove a scope's budget for the given periods (all periods when none given).")
public final class BudgetRemoveCommand extends BaseCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ScopeOptions scope;

    @Option(names = "--daily", description = "Remove the daily limit.")
    boolean daily;

    @Option(names = "--weekly", description = "Remove the weekly limit.")
    boolean weekly;

    @Option(names = "--monthly", description = "Remove the monthly limit.")
    boolean monthly;

    @Override
    public Integer call() {
        List<BudgetPeriod> periods = new ArrayList<>();
        if (daily) {
            periods.add(BudgetPeriod.DAILY);
        }
        if (weekly) {
            periods.add(BudgetPeriod.WEEKLY);
        }
        if (monthly) {
            periods.add(BudgetPeriod.MONTHLY);
        }
        Budget.Scope budgetScope = scope.scope();
        String subject = scope.subject();
        String described = new Budget(budgetScope, subject, BudgetPeriod.DAILY, java.math.BigDecimal.ONE, 80).describe();
        int removed;
        try (Store store = openStore()) {
            removed = store.write(connection -> {
                BudgetStore budgets = new BudgetStore(connection);
                int count = 0;
                if (periods.isEmpty()) {
                    count = budgets.remove(budgetScope, subject, null);
                } else {
                    for (BudgetPeriod period : periods) {
                        count += budgets.remove(budgetScope, subject, period);
                    }
                }
                if (count == 0) {
                    throw LlmcostException.usage("no " + (periods.isEmpty() ? "" : "such ") + "budget for " + described);
                }
                return count;
            });
        }
        err().println("Removed " + removed + " budget(s) for " + described);
        return LlmcostException.EXIT_OK;
    }
}
