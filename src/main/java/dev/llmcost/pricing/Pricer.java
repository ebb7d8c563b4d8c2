package dev.llmcost.pricing;

import dev.llmcost.model.CostSource;
import dev.llmcost.model.Tokens;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/** Decides a call's cost: the caller's figure wins, local models are free, else the price table. */
public final class Pricer {
    /** A cost (null when unpriced) and where it came from. */
    public record Priced(BigDecimal costUsd, CostSource source) {
    }

    private final Path userPrices;
    private PriceTable table;
    private final java.util.Map<String, Optional<Price>> known = new java.util.HashMap<>();

    public Pricer(Path userPrices) {
        this.userPrices = userPrices;
    }

    public Priced price(String provider, String model, Tokens tokens, BigDecimal givenCost) {
        if (givenCost != null) {
            return new Priced(givenCost, CostSource.GIVEN);
        }
        if (Providers.isLocal(provider)) {
            return new Priced(BigDecimal.ZERO, CostSource.LOCAL);
        }
        Optional<Price> price = known.computeIfAbsent(provider + "\t" + model,
                k -> table != null ? table.lookup(provider, model) : PriceTable.find(userPrices, provider, model));
        return price.map(p -> new Priced(p.cost(tokens), CostSource.PRICED))
                .orElseGet(() -> new Priced(null, CostSource.UNPRICED));
    }

    /** The whole table, for listing and for many lookups; a single lookup reads only what it needs. */
    public PriceTable table() {
        if (table == null) {
            table = PriceTable.load(userPrices);
        }
        return table;
    }
}
