package dev.llmcost.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.LlmcostException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code $XDG_CONFIG_HOME/llmcost/prices.json}: an object from model name to prices in USD
 * per million tokens, e.g. {@code {"my-model": {"provider": "acme", "input": 1, "output": 2}}}.
 * A name matches itself and its dated variants ({@code my-model-20250101}).
 */
final class UserPrices {
    private UserPrices() {
    }

    static List<PriceTable.Entry> read(Path file) {
        List<PriceTable.Entry> entries = new ArrayList<>();
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw LlmcostException.usage(file + ": expected a JSON object of model name → prices");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String model = field.getKey().toLowerCase(Locale.ROOT);
                JsonNode p = field.getValue();
                if (!p.isObject() || !p.path("input").isNumber() || !p.path("output").isNumber()) {
                    throw LlmcostException.usage(file + ": model '" + field.getKey()
                            + "' needs numeric \"input\" and \"output\" prices");
                }
                String provider = p.path("provider").asText(Providers.infer(model));
                entries.add(new PriceTable.Entry(provider, model, List.of("eq:" + model),
                        text(p, "input"), text(p, "output"), text(p, "cache_write"), text(p, "cache_read")));
                entries.add(new PriceTable.Entry(provider, model, List.of("sw:" + model + "-"),
                        text(p, "input"), text(p, "output"), text(p, "cache_write"), text(p, "cache_read")));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw LlmcostException.usage(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw LlmcostException.runtime(file + ": cannot read: " + e.getMessage(), e);
        }
        return entries;
    }

    private static String text(JsonNode prices, String field) {
        JsonNode value = prices.get(field);
        return value == null || value.isNull() ? null : value.decimalValue().toPlainString();
    }
}
