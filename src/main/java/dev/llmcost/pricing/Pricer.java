package dev.llmcost.pricing;

import dev.llmcost.model.CostSource;
import dev.llmcost.model.Tokens;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a call's cost: the caller's figure wins, local models are free, then the user's
 * prices.json, then genai-prices' data (the bundled table, or a newer one from {@code prices update})
 * priced as genai-prices' {@code calcPrice} would at the call's time.
 */
public final class Pricer {
    /** How a priced call's cost was set when it came from a price list rather than the caller. */
    public static final String OVERRIDE = "override";

    /**
     * A cost (null when unpriced), where it came from, and for a priced call which prices set it:
     * {@link #OVERRIDE} or the table's {@code source version date}.
     */
    public record Priced(BigDecimal costUsd, CostSource source, String priceSource) {
        public Priced(BigDecimal costUsd, CostSource source) {
            this(costUsd, source, null);
        }

        /** What to store as the cost's basis; {@code givenBy} names where a given cost came from. */
        public String basis(String givenBy) {
            return switch (source) {
                case GIVEN -> givenBy;
                case LOCAL -> "local provider";
                case PRICED -> priceSource;
                case UNPRICED -> null;
            };
        }
    }

    /** What a (provider, model) resolves to: a table model or a user override, never both. */
    public record Resolved(String provider, PriceData.Model model, UserPrices.UserPrice override, String priceSource) {
        public PriceSet pricesAt(Instant time) {
            return override != null ? override.prices() : model.at(time);
        }

        public String modelId() {
            return override != null ? override.model() : model.id();
        }
    }

    private final Path userPrices;
    private final Path updatedTable;
    private PriceData data;
    private List<UserPrices.UserPrice> overrides;
    private final Map<String, Optional<Resolved>> known = new HashMap<>();

    public Pricer(Path userPrices) {
        this(userPrices, null);
    }

    /** {@code updatedTable}: where {@code prices update} keeps a downloaded table (may be missing). */
    public Pricer(Path userPrices, Path updatedTable) {
        this.userPrices = userPrices;
        this.updatedTable = updatedTable;
    }

    /** Prices one call made at {@code at} (dated and time-of-day prices depend on it). */
    public Priced price(String provider, String model, Tokens tokens, BigDecimal givenCost, Instant at) {
        if (givenCost != null) {
            return new Priced(givenCost, CostSource.GIVEN);
        }
        if (Providers.isLocal(provider)) {
            return new Priced(BigDecimal.ZERO, CostSource.LOCAL);
        }
        Optional<Resolved> resolved = resolve(provider, model);
        if (resolved.isEmpty()) {
            return new Priced(null, CostSource.UNPRICED);
        }
        BigDecimal cost = resolved.get().pricesAt(at).cost(usage(tokens));
        return cost == null ? new Priced(null, CostSource.UNPRICED)
                : new Priced(cost, CostSource.PRICED, resolved.get().priceSource());
    }

    /** genai-prices' usage for llmcost's tokens: its input is all input, cache reads and writes included. */
    public static PriceSet.Usage usage(Tokens tokens) {
        return new PriceSet.Usage(tokens.input() + tokens.cacheWrite() + tokens.cacheRead(), tokens.output(),
                tokens.cacheWrite(), tokens.cacheWrite1h(), tokens.cacheRead(), tokens.reasoning());
    }

    /**
     * The prices a call to {@code model} at {@code provider} uses: the user's override, else the
     * engine's choice — the provider named (by id or its provider rule), or, when the data knows no
     * such provider, the one whose model rule matches; then the model by that provider's rules and
     * its fallback providers'. A {@code vendor/model} name no rule matches is tried as
     * {@code model} at {@code vendor}, as the engine does for LiteLLM names.
     */
    public Optional<Resolved> resolve(String provider, String model) {
        String key = provider + "\t" + model;
        Optional<Resolved> resolved = known.get(key);
        if (resolved == null) {
            resolved = lookUp(provider, model);
            known.put(key, resolved);
        }
        return resolved;
    }

    private Optional<Resolved> lookUp(String provider, String model) {
        Optional<UserPrices.UserPrice> override = UserPrices.find(overrides(), provider, model);
        if (override.isPresent()) {
            return Optional.of(new Resolved(provider, null, override.get(), OVERRIDE));
        }
        PriceData table = data();
        Optional<String> providerId = table.providerById(provider);
        if (providerId.isEmpty()) {
            providerId = table.providerByModel(model);
        }
        Optional<PriceData.Model> found = providerId.isPresent() ? table.model(providerId.get(), model) : Optional.empty();
        int slash = model.indexOf('/');
        if (found.isEmpty() && slash > 0) {
            Optional<String> vendor = table.providerById(model.substring(0, slash));
            if (vendor.isPresent()) {
                providerId = vendor;
                found = table.model(vendor.get(), model.substring(slash + 1));
            }
        }
        return found.isEmpty() ? Optional.empty()
                : Optional.of(new Resolved(providerId.get(), found.get(), null, table.source().label()));
    }

    /** The price data in use (bundled, or the newer update). */
    public PriceData data() {
        if (data == null) {
            data = PriceData.current(updatedTable);
        }
        return data;
    }

    /** The user's prices.json entries (empty when there is no file). */
    public List<UserPrices.UserPrice> overrides() {
        if (overrides == null) {
            overrides = userPrices != null && Files.isRegularFile(userPrices) ? UserPrices.read(userPrices) : List.of();
        }
        return overrides;
    }
}
