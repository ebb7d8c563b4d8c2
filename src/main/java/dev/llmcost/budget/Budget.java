package dev.llmcost.budget;

import java.math.BigDecimal;

/** A spending limit: for everything (global), one project or one user, per day, week or month. */
public record Budget(Scope scope, String subject, BudgetPeriod period, BigDecimal limitUsd, int alertPercent) {
    public enum Scope {
        GLOBAL, PROJECT, USER;

        public String dbName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Scope fromDb(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Budget {
        subject = scope == Scope.GLOBAL ? "" : subject;
    }

    /** {@code global}, {@code project web}, {@code user ann}. */
    public String describe() {
        return scope == Scope.GLOBAL ? "global" : scope.dbName() + " " + subject;
    }
}
