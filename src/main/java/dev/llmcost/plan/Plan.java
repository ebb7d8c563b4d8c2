package dev.llmcost.plan;

import dev.llmcost.model.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;

/**
 * A flat-rate subscription that covers one agent's calls: Claude Pro/Max for Claude Code, ChatGPT Plus/Pro for
 * Codex, or a custom one for any agent. {@code tokenLimit} is the tokens one 5-hour block may use; null when the
 * vendor does not publish it, and then the largest block seen stands in for it (as ccusage's
 * {@code --token-limit max} does).
 *
 * @param vendor     what the user called it in {@code plan set VENDOR}: "claude", "codex" or an agent's name
 * @param name       "pro", "max5", "max20", "plus" or "custom"
 * @param monthlyUsd what it costs a month
 */
public record Plan(String vendor, String name, BigDecimal monthlyUsd, Long tokenLimit) {
    /** A plan the vendor sells: its monthly price (USD, as listed on 2026-12-01). */
    private record Known(String vendor, String name, String title, BigDecimal monthlyUsd) {
    }

    private static final List<Known> KNOWN = List.of(
            new Known("claude", "pro", "Claude Pro", new BigDecimal("20")),
            new Known("claude", "max5", "Claude Max 5x", new BigDecimal("100")),
            new Known("claude", "max20", "Claude Max 20x", new BigDecimal("200")),
            new Known("codex", "plus", "ChatGPT Plus", new BigDecimal("20")),
            new Known("codex", "pro", "ChatGPT Pro", new BigDecimal("200")));

    public static final String CUSTOM = "custom";

    public Plan {
        if (monthlyUsd.signum() < 0) {
            throw new IllegalArgumentException("a plan's monthly price cannot be negative");
        }
        if (tokenLimit != null && tokenLimit <= 0) {
            throw new IllegalArgumentException("a plan's token limit must be a positive whole number");
        }
    }

    /** The plans {@code plan set VENDOR} knows by name, for help and errors: "pro, max5, max20". */
    public static String namesFor(String vendor) {
        StringBuilder names = new StringBuilder();
        for (Known known : KNOWN) {
            if (known.vendor().equals(vendor)) {
                names.append(names.isEmpty() ? "" : ", ").append(known.name());
            }
        }
        return names.isEmpty() ? CUSTOM : names + ", " + CUSTOM;
    }

    /** A known plan's list price, or null when {@code vendor}/{@code name} is not one. */
    public static BigDecimal listPrice(String vendor, String name) {
        for (Known known : KNOWN) {
            if (known.vendor().equals(vendor) && known.name().equals(name)) {
                return known.monthlyUsd();
            }
        }
        return null;
    }

    /** The agent whose calls the plan covers: Claude plans cover claude-code; any other vendor is an agent's name. */
    public String agent() {
        return vendor.equals("claude") ? "claude-code" : vendor;
    }

    /** "Claude Max 20x", or "amp custom". */
    public String title() {
        for (Known known : KNOWN) {
            if (known.vendor().equals(vendor) && known.name().equals(name)) {
                return known.title();
            }
        }
        return vendor + " " + name;
    }

    /** What one day of {@code day}'s month costs: the monthly price over that month's days, in nano-dollars. */
    public long dayNanos(LocalDate day) {
        BigDecimal perDay = monthlyUsd.divide(BigDecimal.valueOf(YearMonth.from(day).lengthOfMonth()), 9,
                RoundingMode.HALF_EVEN);
        return Money.toNanos(perDay);
    }

    /** Percent of {@code limit} that {@code tokens} is, rounded down to a whole percent. */
    public static long percent(long tokens, long limit) {
        return limit <= 0 ? 0 : BigDecimal.valueOf(tokens).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(limit), 0, RoundingMode.DOWN).longValueExact();
    }

    /** How it is kept in {@code settings}: "max20 200 -" (name, monthly USD, token limit or "-"). */
    public String stored() {
        return name + " " + monthlyUsd.toPlainString() + " " + (tokenLimit == null ? "-" : tokenLimit.toString());
    }

    public static Plan parse(String vendor, String stored) {
        String[] parts = stored.trim().split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("unreadable plan for " + vendor + ": " + stored);
        }
        return new Plan(vendor, parts[0].toLowerCase(Locale.ROOT), new BigDecimal(parts[1]),
                parts[2].equals("-") ? null : Long.valueOf(parts[2]));
    }
}
