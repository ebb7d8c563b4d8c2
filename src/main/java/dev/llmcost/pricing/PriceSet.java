package dev.llmcost.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's prices in force at one time, keyed as genai-prices keys them ({@code input_mtok},
 * {@code cache_read_mtok}, {@code requests_kcount} …), and the engine's arithmetic over them, in
 * exact decimals. Written in the table as {@code input_mtok=1.25/200000:2.5,output_mtok=10}: a
 * base price, then {@code start:price} tiers.
 */
public record PriceSet(Map<String, Rate> rates) {

    /** A price with its long-context tiers: the whole call pays the last tier whose start its total input exceeds. */
    public record Rate(BigDecimal base, List<Tier> tiers) {
        public BigDecimal at(long totalInput) {
            BigDecimal price = base;
            for (Tier tier : tiers) {
                if (totalInput > tier.start()) {
                    price = tier.price();
                }
            }
            return price;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(base.toPlainString());
            tiers.forEach(t -> text.append('/').append(t.start()).append(':').append(t.price().toPlainString()));
            return text.toString();
        }
    }

    public record Tier(long start, BigDecimal price) {
    }

    /**
     * One call's usage in genai-prices' terms: {@code inputTotal} is all input (uncached + cache
     * writes + cache reads); cache writes include the 1-hour ones; output includes reasoning.
     */
    public record Usage(long inputTotal, long output, long cacheWrite, long cacheWrite1h, long cacheRead,
                        long reasoning) {
    }

    public Rate rate(String key) {
        return rates.get(key);
    }

    public boolean has(String key) {
        return rates.containsKey(key);
    }

    /**
     * The engine's price: each priced unit pays for the tokens no more specific priced unit
     * claims (so a missing cache price leaves those tokens at the input price), at the tier the
     * total input selects. Null when the usage does not fit (a part larger than its whole), as
     * the engine refuses it.
     */
    public BigDecimal cost(Usage usage) {
        long cacheWrite1h = has("cache_write_1h_mtok") ? usage.cacheWrite1h() : 0;
        long cacheWrite = has("cache_write_mtok") ? usage.cacheWrite() - cacheWrite1h : 0;
        long cacheRead = has("cache_read_mtok") ? usage.cacheRead() : 0;
        long input = usage.inputTotal() - cacheWrite1h - cacheWrite - cacheRead;
        long reasoning = has("output_reasoning_mtok") ? usage.reasoning() : 0;
        long output = usage.output() - reasoning;
        if (cacheWrite < 0 || input < 0 || output < 0) {
            return null;
        }
        long total = usage.inputTotal();
        BigDecimal sum = BigDecimal.ZERO;
        sum = sum.add(tokens("input_mtok", input, total));
        sum = sum.add(tokens("cache_write_mtok", cacheWrite, total));
        sum = sum.add(tokens("cache_write_1h_mtok", cacheWrite1h, total));
        sum = sum.add(tokens("cache_read_mtok", cacheRead, total));
        sum = sum.add(tokens("output_mtok", output, total));
        sum = sum.add(tokens("output_reasoning_mtok", reasoning, total));
        Rate perRequest = rates.get("requests_kcount");
        if (perRequest != null) {
            sum = sum.add(perRequest.at(total).movePointLeft(3));
        }
        return sum;
    }

    private BigDecimal tokens(String key, long count, long totalInput) {
        Rate rate = rates.get(key);
        if (rate == null || count <= 0) {
            return BigDecimal.ZERO;
        }
        // exact, like dividing by a million, without the long division that was a sixth of an ingest's parsing
        return rate.at(totalInput).multiply(BigDecimal.valueOf(count)).movePointLeft(6);
    }

    /** Parses {@code key=price[/start:price…],…}. */
    public static PriceSet parse(String text) {
        Map<String, Rate> rates = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String item : text.split(",")) {
                int eq = item.indexOf('=');
                String[] parts = item.substring(eq + 1).split("/");
                List<Tier> tiers = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    int colon = parts[i].indexOf(':');
                    tiers.add(new Tier(Long.parseLong(parts[i].substring(0, colon)),
                            new BigDecimal(parts[i].substring(colon + 1))));
                }
                for (int i = 1; i < tiers.size(); i++) { // the engine orders tiers by start; no Comparator lambda on record's path
                    for (int j = i; j > 0 && tiers.get(j - 1).start() > tiers.get(j).start(); j--) {
                        tiers.set(j, tiers.set(j - 1, tiers.get(j)));
                    }
                }
                rates.put(item.substring(0, eq), new Rate(new BigDecimal(parts[0]), List.copyOf(tiers)));
            }
        }
        return new PriceSet(rates);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        rates.forEach((k, v) -> text.append(text.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return text.toString();
    }
}
