package dev.llmcost.model;

/** Where an event's cost came from. */
public enum CostSource {
    /** The caller passed the cost (--cost, OpenRouter's usage.cost, an imported log). */
    GIVEN,
    /** Computed from the price table. */
    PRICED,
    /** A local model, free by rule. */
    LOCAL,
    /** No price known: the cost is NULL and reports flag it, never as $0. */
    UNPRICED;

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static CostSource fromDb(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
