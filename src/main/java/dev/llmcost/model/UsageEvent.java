package dev.llmcost.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** One LLM call, as stored: one row of the events table. Optional text fields may be null. */
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
        Map<String, String> tags) {

    public UsageEvent {
        origin = origin == null ? Origin.UNKNOWN : origin;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
