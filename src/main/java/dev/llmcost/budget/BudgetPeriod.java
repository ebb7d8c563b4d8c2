package dev.llmcost.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** A budget's calendar period in the report time zone: the current day, ISO week or month. */
public enum BudgetPeriod {
    DAILY, WEEKLY, MONTHLY;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BudgetPeriod fromDb(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The start of the period holding {@code now}. */
    public Instant start(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate first = switch (this) {
            case DAILY -> today;
            case WEEKLY -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> today.withDayOfMonth(1);
        };
        return first.atStartOfDay(zone).toInstant();
    }

    /** The end (exclusive) of the period holding {@code now}. */
    public Instant end(Instant now, ZoneId zone) {
        LocalDate first = start(now, zone).atZone(zone).toLocalDate();
        LocalDate next = switch (this) {
            case DAILY -> first.plusDays(1);
            case WEEKLY -> first.plusWeeks(1);
            case MONTHLY -> first.plusMonths(1);
        };
        return next.atStartOfDay(zone).toInstant();
    }
}
