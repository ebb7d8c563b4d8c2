package dev.llmcost.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.model.LlmcostException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code $XDG_CONFIG_HOME/llmcost/prices.json}: an object from model name to prices in USD
 * per million tokens, e.g. {@code {"my-model": {"provider": "acme", "input": 1, "output": 2}}}.
 * A name matches itself and its dated variants ({@code my-model-20250101}). The prices are
 * applied as the table's are (a missing cache price means the input price).
 */
public final class UserPrices {
    /** One user price: a model name (and its dashed variants) at a provider. */
    public record UserPrice(String provider, String model, PriceSet prices) {
        boolean matches(String name) {
            return name.equals(model) || name.startsWith(model + "-");
        }
    }

    private static final Map<String, String> KEYS = Map.of("input", "input_mtok", "output", "output_mtok",
            "cache_write", "cache_write_mtok", "cache_write_1h", "cache_write_1h_mtok", "cache_read", "cache_read_mtok");

    private UserPrices() {
    }

    public static List<UserPrice> read(Path file) {
        List<UserPrice> overrides = new ArrayList<>();
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw LlmcostException.usage(file + ": expected a JSON object of model name → prices");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String model = field.getKey().toLowerCase(Locale.ROOT).trim();
                JsonNode p = field.getValue();
                if (!p.isObject() || !p.path("input").isNumber() || !p.path("output").isNumber()) {
                    throw LlmcostException.usage(file + ": model '" + field.getKey()
                            + "' needs numeric \"input\" and \"output\" prices");
                }
                Map<String, PriceSet.Rate> rates = new LinkedHashMap<>();
                for (String key : List.of("input", "output", "cache_write", "cache_write_1h", "cache_read")) {
                    JsonNode value = p.get(key);
                    if (value == null || value.isNull()) {
                        continue;
                    }
                    if (!value.isNumber() || value.decimalValue().signum() < 0) {
                        throw LlmcostException.usage(file + ": model '" + field.getKey() + "': \"" + key
                                + "\" must be a number >= 0");
                    }
                    rates.put(KEYS.get(key), new PriceSet.Rate(new BigDecimal(value.decimalValue().toPlainString()), List.of()));
                }
                String provider = p.path("provider").asText(Providers.infer(model));
                overrides.add(new UserPrice(Providers.normalize(provider), model, new PriceSet(rates)));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw LlmcostException.usage(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw LlmcostException.runtime(file + ": cannot read: " + e.getMessage(), e);
        }
        return overrides;
    }

    /** The user's price for a call: the provider's own entries first, then anyone's, by full or bare name. */
    static java.util.Optional<UserPrice> find(List<UserPrice> overrides, String provider, String model) {
        String full = model.toLowerCase(Locale.ROOT).trim();
        String bare = full.substring(full.lastIndexOf('/') + 1);
        for (UserPrice o : overrides) {
            if (o.provider().equals(provider) && (o.matches(full) || o.matches(bare))) {
                return java.util.Optional.of(o);
            }
        }
        for (UserPrice o : overrides) {
            if (o.matches(full) || o.matches(bare)) {
                return java.util.Optional.of(o);
            }
        }
        return java.util.Optional.empty();
    }
}
