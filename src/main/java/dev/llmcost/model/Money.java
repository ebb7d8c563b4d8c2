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

    /** A plain decimal without trailing zeros, for JSON and CSV: 1.5, 0.000123, 12. */
    public static String plain(BigDecimal usd) {
        BigDecimal stripped = usd.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
