package dev.llmcost.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Exact money: the database keeps USD as integer nano-dollars. */
public final class Money {
    public static final int NANO_SCALE = 9;

    private Money() {
    }

    public static long toNanos(BigDecimal usd) {
        return usd.setScale(NANO_SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    public static BigDecimal fromNanos(long nanos) {
        return BigDecimal.valueOf(nanos, NANO_SCALE);
    }

    /** The same amount without trailing zeros, for JSON numbers: 1.5, 0.000123, 12. */
    public static BigDecimal forJson(BigDecimal usd) {
        return new BigDecimal(plain(usd));
    }

    /** {@link #plain(BigDecimal)} of an amount in nano-dollars, without BigDecimal (see Numbers.usdFromNanos). */
    public static String plain(long nanos) {
        long abs = Math.absExact(nanos);
        String sign = nanos < 0 ? "-" : "";
        long whole = abs / 1_000_000_000L;
        long fraction = abs % 1_000_000_000L;
        if (fraction == 0) {
            return sign + whole;
        }
        String digits = Long.toString(fraction);
        digits = "0".repeat(NANO_SCALE - digits.length()) + digits;
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return sign + whole + "." + digits.substring(0, end);
    }

    /** A plain decimal without trailing zeros, for JSON and CSV: 1.5, 0.000123, 12. */
    public static String plain(BigDecimal usd) {
        BigDecimal stripped = usd.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
