package dev.llmcost.pricing;

import dev.llmcost.model.Tokens;

import java.math.BigDecimal;

/** USD per million tokens for one model; a missing cache price falls back to the input price. */
public record Price(String provider, String model, BigDecimal input, BigDecimal output,
                   BigDecimal cacheWrite, BigDecimal cacheRead) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Price {
        input = input == null ? BigDecimal.ZERO : input;
        output = output == null ? BigDecimal.ZERO : output;
        cacheWrite = cacheWrite == null ? input : cacheWrite;
        cacheRead = cacheRead == null ? input : cacheRead;
    }

    /** Exact cost; reasoning tokens are part of output tokens and priced there, once. */
    public BigDecimal cost(Tokens tokens) {
        return BigDecimal.valueOf(tokens.input()).multiply(input)
                .add(BigDecimal.valueOf(tokens.output()).multiply(output))
                .add(BigDecimal.valueOf(tokens.cacheWrite()).multiply(cacheWrite))
                .add(BigDecimal.valueOf(tokens.cacheRead()).multiply(cacheRead))
                .divide(MILLION);
    }
}
