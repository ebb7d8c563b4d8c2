package dev.llmcost.render;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Human formatting for tables: thousands separators and dollars. */
public final class Numbers {
    private Numbers() {
    }

    /** {@code 1,234,567}. By hand: a Formatter's first use (its parser, the locale's symbols) costs a short command several ms. */
    public static String count(long value) {
        String digits = Long.toString(value);
        int start = value < 0 ? 1 : 0;
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3);
        out.append(digits, 0, start);
        for (int i = start; i < digits.length(); i++) {
            if (i > start && (digits.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    /**
     * {@link #usd(BigDecimal)} of an exact amount in nano-dollars (a report's totals), in integer
     * arithmetic: on JDK 21+ BigDecimal's static initialiser alone takes ~20 ms, which a report table
     * need not pay.
     */
    public static String usdFromNanos(long nanos) {
        long abs = Math.absExact(nanos);
        int scale = abs != 0 && abs < 10_000_000L ? 4 : 2;
        long perDigit = scale == 4 ? 100_000L : 10_000_000L;
        long perUnit = scale == 4 ? 10_000L : 100L;
        long units = abs / perDigit;
        long rest = abs % perDigit;
        if (rest * 2 > perDigit || rest * 2 == perDigit && units % 2 == 1) {
            units++;
        }
        String fraction = Long.toString(units % perUnit);
        return (nanos < 0 ? "-$" : "$") + count(units / perUnit) + "."
                + "0".repeat(scale - fraction.length()) + fraction;
    }

    /** {@code $1,234.57}; amounts under a cent keep four decimals so small calls are not shown as $0.00. */
    public static String usd(BigDecimal amount) {
        BigDecimal abs = amount.abs();
        int scale = abs.signum() != 0 && abs.compareTo(new BigDecimal("0.01")) < 0 ? 4 : 2;
        return (amount.signum() < 0 ? "-$" : "$")
                + String.format(java.util.Locale.ROOT, "%,." + scale + "f", abs.setScale(scale, RoundingMode.HALF_EVEN));
    }

    /** A bar of {@code width} cells scaled to {@code fraction} (0..1), in eighths. */
    public static String bar(double fraction, int width) {
        double cells = Math.max(0, Math.min(1, fraction)) * width;
        int full = (int) cells;
        int eighths = (int) Math.round((cells - full) * 8);
        if (eighths == 8) {
            full++;
            eighths = 0;
        }
        String partial = eighths == 0 ? "" : String.valueOf("▏▎▍▌▋▊▉".charAt(eighths - 1));
        return "█".repeat(full) + partial;
    }
}
