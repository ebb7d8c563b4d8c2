package dev.llmcost.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One LLM call, as stored: one row of the events table. Optional text fields may be null.
 * {@code costBasis} says how the cost was set beyond {@code costSource}: for a priced call the price
 * table's {@code source version date} or {@code override}; for a given cost where it came from
 * ({@code --cost}, {@code usage.cost}, {@code costUSD}, {@code import}).
 */
public record UsageEvent(
        Instant occurredAt,
        String project,
        String provider,
        String model,
        Tokens tokens,
        BigDecimal costUsd,
        CostSource costSource,
        Origin origin,
        Long durationMs,
        String eventKey,
        Map<String, String> tags,
        String costBasis) {

    public UsageEvent(Instant occurredAt, String project, String provider, String model, Tokens tokens,
                      BigDecimal costUsd, CostSource costSource, Origin origin, Long durationMs, String eventKey,
                      Map<String, String> tags) {
        this(occurredAt, project, provider, model, tokens, costUsd, costSource, origin, durationMs, eventKey, tags,
                null);
    }

    public UsageEvent {
        origin = origin == null ? Origin.UNKNOWN : origin;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
