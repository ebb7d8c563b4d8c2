package dev.llmcost.pricing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * genai-prices' published data ({@code data.json}: an array of providers, each with match rules
 * and models) converted into llmcost's table form, checked on the way: every rule, price and
 * constraint must be one the engine understands, or the whole file is refused.
 */
public final class PriceDataJson {
    private PriceDataJson() {
    }

    /** The table text; throws IllegalArgumentException naming the first thing that is wrong. */
    public static String toTable(JsonNode root, PriceData.Source source) {
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException("expected a JSON array of providers");
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Prices in USD per million tokens (per thousand for *_kcount), converted by llmcost prices update");
        lines.add(String.join("\t", "V", source.name(), source.version(), source.date()));
        List<String> sections = new ArrayList<>();
        int models = 0;
        for (JsonNode provider : root) {
            String id = text(provider, "id", "provider");
            List<String> fallbacks = new ArrayList<>();
            provider.path("fallback_model_providers").forEach(f -> fallbacks.add(f.asText()));
            lines.add(String.join("\t", "P", id, match(provider.get("provider_match"), id), match(provider.get("model_match"), id),
                    String.join(",", fallbacks)));
            sections.add("S\t" + id);
            JsonNode list = provider.get("models");
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException("provider " + id + ": no \"models\" array");
            }
            for (JsonNode model : list) {
                String modelId = text(model, "id", "provider " + id + " model");
                String where = id + "/" + modelId;
                List<String> fields = new ArrayList<>(List.of("M", clean(modelId, where), match(model.get("match"), where)));
                JsonNode prices = model.get("prices");
                if (prices != null && prices.isArray()) {
                    if (prices.isEmpty()) {
                        throw new IllegalArgumentException(where + ": empty price list");
                    }
                    for (JsonNode conditional : prices) {
                        fields.add(constraint(conditional.get("constraint"), where) + priceSet(conditional.get("prices"), where));
                    }
                } else {
                    fields.add(priceSet(prices, where));
                }
                sections.add(String.join("\t", fields));
                models++;
            }
        }
        if (models == 0) {
            throw new IllegalArgumentException("no models in the data");
        }
        lines.addAll(sections);
        String table = String.join("\n", lines) + "\n";
        try {
            PriceData parsed = PriceData.read(new java.io.ByteArrayInputStream(table.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            parsed.allModels().forEach(m -> m.prices().forEach(c -> { })); // every line parses
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("converted table does not read back: " + e.getMessage(), e);
        }
        return table;
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(what + ": missing \"" + field + "\"");
        }
        return value.asText();
    }

    private static String clean(String value, String where) {
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(where + ": tab or newline in a name");
        }
        return value;
    }

    private static String match(JsonNode rule, String where) {
        if (rule == null || rule.isNull()) {
            return "";
        }
        if (!rule.isObject() || rule.size() != 1) {
            throw new IllegalArgumentException(where + ": bad match rule " + rule);
        }
        Map.Entry<String, JsonNode> only = rule.fields().next();
        String kind = only.getKey();
        if (kind.equals("or") || kind.equals("and")) {
            List<String> clauses = new ArrayList<>();
            only.getValue().forEach(c -> clauses.add(match(c, where)));
            if (clauses.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty " + kind + " rule");
            }
            return kind + "(" + String.join(",", clauses) + ")";
        }
        String code = switch (kind) {
            case "equals" -> "eq";
            case "starts_with" -> "sw";
            case "ends_with" -> "ew";
            case "contains" -> "ct";
            case "regex" -> "re";
            default -> throw new IllegalArgumentException(where + ": unknown match rule '" + kind + "'");
        };
        if (!only.getValue().isTextual()) {
            throw new IllegalArgumentException(where + ": match value must be text");
        }
        if (code.equals("re")) {
            try {
                java.util.regex.Pattern.compile(only.getValue().asText());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException(where + ": bad regex " + only.getValue().asText());
            }
        }
        return code + ":" + Match.escape(only.getValue().asText());
    }

    private static String constraint(JsonNode constraint, String where) {
        if (constraint == null || constraint.isNull()) {
            return "";
        }
        if (constraint.has("start_date")) {
            String date = constraint.get("start_date").asText();
            try {
                java.time.LocalDate.parse(date);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException(where + ": bad start_date " + date);
            }
            return "from:" + date + " ";
        }
        if (constraint.has("start_time") && constraint.has("end_time")) {
            String start = constraint.get("start_time").asText();
            String end = constraint.get("end_time").asText();
            PriceData.secondOfDay(start);
            PriceData.secondOfDay(end);
            return "utc:" + start + "~" + end + " ";
        }
        throw new IllegalArgumentException(where + ": unknown price constraint " + constraint);
    }

    private static String priceSet(JsonNode prices, String where) {
        if (prices == null || !prices.isObject()) {
            throw new IllegalArgumentException(where + ": \"prices\" must be an object");
        }
        List<String> items = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = prices.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!entry.getKey().matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException(where + ": bad price key " + entry.getKey());
            }
            items.add(entry.getKey() + "=" + rate(value, where + " " + entry.getKey()));
        }
        return String.join(",", items);
    }

    private static String rate(JsonNode value, String where) {
        if (value.isNumber()) {
            return number(value, where);
        }
        if (value.isObject() && value.path("base").isNumber() && value.path("tiers").isArray()) {
            StringBuilder text = new StringBuilder(number(value.get("base"), where));
            for (JsonNode tier : value.get("tiers")) {
                if (!tier.path("start").canConvertToLong() || tier.path("start").asLong() < 0 || !tier.path("price").isNumber()) {
                    throw new IllegalArgumentException(where + ": bad tier " + tier);
                }
                text.append('/').append(tier.get("start").asLong()).append(':').append(number(tier.get("price"), where));
            }
            return text.toString();
        }
        throw new IllegalArgumentException(where + ": expected a number or {base, tiers}");
    }

    private static String number(JsonNode value, String where) {
        if (!value.isNumber() || value.decimalValue().signum() < 0) {
            throw new IllegalArgumentException(where + ": price must be a number >= 0");
        }
        return value.decimalValue().stripTrailingZeros().toPlainString();
    }

}
