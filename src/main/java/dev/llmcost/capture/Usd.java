package dev.llmcost.capture;

import dev.llmcost.model.LlmcostException;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Dollar amounts on the command line: plain decimals only, no signs, exponents, NaN or Infinity. */
public final class Usd {
    private static final Pattern PLAIN = Pattern.compile("\\d{1,12}(\\.\\d{1,12})?");
    private static final BigDecimal MAX = BigDecimal.valueOf(1_000_000_000);

    private Usd() {
    }

    /** The amount, or null when {@code text} is null. */
    public static BigDecimal parse(String flag, String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim().replaceFirst("^\\$", "");
        if (!PLAIN.matcher(value).matches()) {
            throw LlmcostException.usage(flag + ": expected a plain amount in USD like 0.0123, got '" + text + "'");
        }
        BigDecimal amount = new BigDecimal(value);
        if (amount.compareTo(MAX) > 0) {
            throw LlmcostException.usage(flag + ": " + text + " USD is beyond the supported range");
        }
        return amount;
    }

    /** A positive amount, for limits. */
    public static BigDecimal parsePositive(String flag, String text) {
        BigDecimal amount = parse(flag, text);
        if (amount != null && amount.signum() <= 0) {
            throw LlmcostException.usage(flag + ": must be more than 0");
        }
        return amount;
    }
}
