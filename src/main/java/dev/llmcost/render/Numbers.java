package dev.llmcost.render;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Human formatting for tables: thousands separators and dollars. */
public final class Numbers {
    private Numbers() {
    }

    public static String count(long value) {
        return String.format(java.util.Locale.ROOT, "%,d", value);
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
