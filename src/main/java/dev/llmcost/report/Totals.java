package dev.llmcost.report;

import dev.llmcost.model.Money;

import java.math.BigDecimal;

/** Summed usage of a group: exact integers, cost in nano-dollars of the priced calls. */
public record Totals(long requests, long inputTokens, long outputTokens, long cacheWriteTokens,
                     long cacheReadTokens, long reasoningTokens, long costNanos, long unpricedRequests) {
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0);

    public Totals plus(Totals other) {
        return new Totals(
                Math.addExact(requests, other.requests),
                Math.addExact(inputTokens, other.inputTokens),
                Math.addExact(outputTokens, other.outputTokens),
                Math.addExact(cacheWriteTokens, other.cacheWriteTokens),
                Math.addExact(cacheReadTokens, other.cacheReadTokens),
                Math.addExact(reasoningTokens, other.reasoningTokens),
                Math.addExact(costNanos, other.costNanos),
                Math.addExact(unpricedRequests, other.unpricedRequests));
    }

    public BigDecimal costUsd() {
        return Money.fromNanos(costNanos);
    }

    public long totalTokens() {
        return inputTokens + outputTokens + cacheWriteTokens + cacheReadTokens;
    }
}
