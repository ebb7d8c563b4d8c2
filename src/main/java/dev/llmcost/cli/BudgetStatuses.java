package dev.llmcost.cli;

import dev.llmcost.LlmcostException;
import dev.llmcost.budget.Budget;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.store.BudgetStore;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Evaluates budgets against what the database holds now. */
final class BudgetStatuses {
    private BudgetStatuses() {
    }

    static List<BudgetStatus> evaluate(BudgetStore store, List<Budget> budgets, Instant now, ZoneId zone)
            throws SQLException {
        List<BudgetStatus> statuses = new ArrayList<>();
        for (Budget budget : budgets) {
            Instant start = budget.period().start(now, zone);
            statuses.add(BudgetStatus.of(budget, now, start, budget.period().end(now, zone), store.spent(budget, start)));
        }
        return statuses;
    }

    /** 3 when any budget is over, else 4 when any passed its alert threshold, else 0. */
    static int exitCode(List<BudgetStatus> statuses) {
        boolean alert = false;
        for (BudgetStatus status : statuses) {
            if (status.state() == BudgetStatus.State.OVER) {
                return LlmcostException.EXIT_BUDGET_EXCEEDED;
            }
            alert |= status.state() == BudgetStatus.State.ALERT;
        }
        return alert ? LlmcostException.EXIT_BUDGET_ALERT : LlmcostException.EXIT_OK;
    }
}
