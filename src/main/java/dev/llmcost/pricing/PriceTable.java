package dev.llmcost.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bundled price table (generated from @pydantic/genai-prices by scripts/update-prices.sh)
 * plus the user's overrides, which win. A model matches with its dated suffix or provider prefix.
 */
public final class PriceTable {
    static final String RESOURCE = "/dev/llmcost/pricing/prices.tsv";

    /** One way of matching a model name, and the price it selects. */
    record Entry(String provider, String model, List<String> conditions, String input, String output,
                 String cacheWrite, String cacheRead) {
        boolean matches(String name) {
            for (String condition : conditions) {
                if (!holds(condition, name)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean holds(String condition, String name) {
            String value = condition.substring(3);
            return switch (condition.substring(0, 3)) {
                case "eq:" -> name.equals(value);
                case "sw:" -> name.startsWith(value);
                case "ew:" -> name.endsWith(value);
                case "ct:" -> name.contains(value);
                case "re:" -> Pattern.compile(value).matcher(name).find();
                default -> false;
            };
        }

        Price price() {
            return new Price(provider, model, decimal(input), decimal(output), decimal(cacheWrite),
                    decimal(cacheRead));
        }

        private static BigDecimal decimal(String text) {
            return text == null || text.isEmpty() ? null : new BigDecimal(text);
        }
    }

    private final List<Entry> entries;
    private final String source;

    PriceTable(List<Entry> entries, String source) {
        this.entries = entries;
        this.source = source;
    }

    /**
     * The price of one model without building the whole table: the hot path of {@code record}.
     * Reads the bundled file only as far as needed; same answer as {@code load(userFile).lookup(…)}.
     */
    public static Optional<Price> find(java.nio.file.Path userFile, String provider, String model) {
        String full = model.toLowerCase(Locale.ROOT).trim();
        String bare = full.substring(full.lastIndexOf('/') + 1);
        if (userFile != null && java.nio.file.Files.isRegularFile(userFile)) {
            return load(userFile).lookup(provider, model);
        }
        Entry anyProvider = null;
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                boolean sameProvider = line.startsWith(provider + "\t");
                if (!sameProvider && anyProvider != null) {
                    continue;
                }
                Entry entry = parse(line);
                if (sameProvider && (entry.matches(full) || entry.matches(bare))) {
                    return Optional.of(entry.price());
                }
                if (anyProvider == null && entry.matches(bare)) {
                    anyProvider = entry;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(anyProvider).map(Entry::price);
    }

    private static Entry parse(String line) {
        String[] f = line.split("\t", -1);
        return new Entry(f[0], f[1], List.of(f[2].split(" && ")), f[3], f[4], f[5], f[6]);
    }

    /** The bundled table with the overrides from {@code userFile} (may be null or missing) in front. */
    public static PriceTable load(java.nio.file.Path userFile) {
        List<Entry> all = new ArrayList<>();
        if (userFile != null && java.nio.file.Files.isRegularFile(userFile)) {
            all.addAll(UserPrices.read(userFile));
        }
        String[] source = new String[1];
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    if (source[0] == null) {
                        source[0] = line.substring(1).trim();
                    }
                    continue;
                }
                all.add(parse(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PriceTable(all, source[0]);
    }

    public String source() {
        return source;
    }

    /**
     * The price of {@code model} at {@code provider}: first among that provider's entries (user
     * entries first), then, for a reseller or an unknown provider, among everyone's.
     */
    public Optional<Price> lookup(String provider, String model) {
        String full = model.toLowerCase(Locale.ROOT).trim();
        String bare = full.substring(full.lastIndexOf('/') + 1);
        for (Entry entry : entries) {
            if (entry.provider().equals(provider) && (entry.matches(full) || entry.matches(bare))) {
                return Optional.of(entry.price());
            }
        }
        for (Entry entry : entries) {
            if (entry.matches(bare)) {
                return Optional.of(entry.price());
            }
        }
        return Optional.empty();
    }

    /** Every entry's price, for {@code llmcost prices}: one per model id, optionally filtered. */
    public List<Price> list(String filter) {
        List<Price> prices = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String needle = filter == null ? null : filter.toLowerCase(Locale.ROOT);
        for (Entry entry : entries) {
            if (needle != null && !entry.model().toLowerCase(Locale.ROOT).contains(needle)
                    && !entry.matches(needle)) {
                continue;
            }
            if (seen.add(entry.provider() + "\t" + entry.model())) {
                prices.add(entry.price());
            }
        }
        return prices;
    }
}
