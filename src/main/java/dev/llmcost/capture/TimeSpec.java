package dev.llmcost.capture;

import dev.llmcost.model.LlmcostException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times on the command line: {@code 30m 24h 7d 4w 3mo} ago, {@code 2026-11-01}, {@code 2026-11-01T09:00},
 * full ISO-8601 with an offset, and {@code today yesterday this-week this-month last-month}.
 * A named day or period means its start, or its end when it closes a range ({@code --until}).
 */
public final class TimeSpec {
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})(mo|m|h|d|w)");

    private TimeSpec() {
    }

    /** Resolves {@code text}, given for {@code flag}; {@code end} picks a period's end instead of its start. */
    public static Instant resolve(String text, String flag, Instant now, ZoneId zone, boolean end) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        ZonedDateTime local = now.atZone(zone);
        LocalDate today = local.toLocalDate();
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            return switch (ago.group(2)) {
                case "m" -> now.minus(amount, ChronoUnit.MINUTES);
                case "h" -> now.minus(amount, ChronoUnit.HOURS);
                case "d" -> local.minusDays(amount).toInstant();
                case "w" -> local.minusWeeks(amount).toInstant();
                default -> local.minusMonths(amount).toInstant();
            };
        }
        switch (value) {
            case "now":
                return now;
            case "today":
                return day(end ? today.plusDays(1) : today, zone);
            case "yesterday":
                return day(end ? today : today.minusDays(1), zone);
            case "this-week": {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                return day(end ? monday.plusWeeks(1) : monday, zone);
            }
            case "this-month": {
                LocalDate first = today.withDayOfMonth(1);
                return day(end ? first.plusMonths(1) : first, zone);
            }
            case "last-month": {
                LocalDate first = today.withDayOfMonth(1);
                return day(end ? first : first.minusMonths(1), zone);
            }
            default:
                break;
        }
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return day(end ? date.plusDays(1) : date, zone);
            }
            if (value.endsWith("z") || value.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                return OffsetDateTime.parse(text.trim().toUpperCase(Locale.ROOT)).toInstant();
            }
            return LocalDateTime.parse(value.toUpperCase(Locale.ROOT)).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw LlmcostException.usage(flag + ": cannot read '" + text + "' as a time; use 30m, 24h, 7d, 4w, 3mo, "
                    + "2026-11-01, 2026-11-01T09:00, today, yesterday, this-week, this-month or last-month");
        }
    }

    private static Instant day(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }
}
