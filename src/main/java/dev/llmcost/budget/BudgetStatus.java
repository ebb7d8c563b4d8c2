package dev.llmcost.budget;

import dev.llmcost.model.LlmcostException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Where one budget stands now. */
public record BudgetStatus(Budget budget, Instant periodStart, Instant periodEnd, BigDecimal spentUsd,
                           BigDecimal projectedUsd, State state) {
    public enum State {
        OK, ALERT, OVER
    }

    /** The exit code for a set of budgets: 3 when any is over, else 4 when any passed its alert threshold, else 0. */
    public static int exitCode(List<BudgetStatus> statuses) {
        boolean alert = false;
        for (BudgetStatus status : statuses) {
            if (status.state() == State.OVER) {
                return LlmcostException.EXIT_BUDGET_EXCEEDED;
            }
            alert |= status.state() == State.ALERT;
        }
        return alert ? LlmcostException.EXIT_BUDGET_ALERT : LlmcostException.EXIT_OK;
    }

    /**
     * Spending at or past the limit is over (nothing is left to spend); at or past the alert
     * threshold is alert. The projection extends the spend so far at the same rate to the period's end.
     */
    public static BudgetStatus of(Budget budget, Instant now, Instant start, Instant end, BigDecimal spent) {
        return new BudgetStatus(budget, start, end, spent, project(spent, now, start, end), stateOf(budget, spent));
    }

    public static State stateOf(Budget budget, BigDecimal spent) {
        if (spent.compareTo(budget.limitUsd()) >= 0) {
            return State.OVER;
        }
        BigDecimal threshold = budget.limitUsd().multiply(BigDecimal.valueOf(budget.alertPercent()))
                .divide(BigDecimal.valueOf(100));
        return spent.compareTo(threshold) >= 0 ? State.ALERT : State.OK;
    }

    private static BigDecimal project(BigDecimal spent, Instant now, Instant start, Instant end) {
        long elapsed = Duration.between(start, now).toMillis();
        long length = Duration.between(start, end).toMillis();
        if (elapsed <= 0 || elapsed >= length) {
            return spent;
        }
        return spent.multiply(BigDecimal.valueOf(length))
                .divide(BigDecimal.valueOf(elapsed), MathContext.DECIMAL64)
                .setScale(9, RoundingMode.HALF_EVEN);
    }

    public BigDecimal remainingUsd() {
        return budget.limitUsd().subtract(spentUsd).max(BigDecimal.ZERO);
    }

    /** Percent of the limit used, one decimal. */
    public BigDecimal percentUsed() {
        return spentUsd.multiply(BigDecimal.valueOf(100))
                .divide(budget.limitUsd(), 1, RoundingMode.HALF_EVEN);
    }
}
