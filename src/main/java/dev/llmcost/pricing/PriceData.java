package dev.llmcost.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every provider and model of genai-prices, in llmcost's compact table, and the engine's lookup:
 * provider by id (or its provider rule), model by the provider's match rules in order (then its
 * fallback providers'), price by the call's time. The table is tab-separated text:
 * <pre>
 * V  source  version  date                    the data's origin
 * P  id  provider_match  model_match  fallbacks   one per provider, in the engine's order
 * S  id                                        starts that provider's models
 * M  id  match  prices [prices …]              prices: [from:DATE |utc:START~END ]key=price,…
 * </pre>
 * Models are parsed per provider on first use, so one lookup parses one provider's rules.
 */
public final class PriceData {
    static final String RESOURCE = "/dev/llmcost/pricing/prices.tsv";

    /** Where the data came from: {@code @pydantic/genai-prices 0.1.8 2026-11-26}. */
    public record Source(String name, String version, String date) {
        public String label() {
            return name + " " + version + " " + date;
        }
    }

    record ProviderInfo(String id, Match providerMatch, Match modelMatch, List<String> fallbacks) {
    }

    /** One model's prices over time: the last whose constraint holds applies, else the first. */
    public record Model(String provider, String id, String matchText, List<Conditional> prices) {
        public PriceSet at(Instant time) {
            for (int i = prices.size() - 1; i >= 0; i--) {
                Conditional conditional = prices.get(i);
                if (conditional.holdsAt(time)) {
                    return conditional.prices();
                }
            }
            return prices.get(0).prices();
        }
    }

    /**
     * Prices with an optional constraint: {@code from} a UTC date on, or {@code utc} time of day
     * window [start, end), wrapping midnight when end &lt; start. Times of day are in seconds.
     */
    public record Conditional(String constraint, LocalDate from, Double startSecond, Double endSecond,
                              PriceSet prices) {
        boolean holdsAt(Instant time) {
            if (constraint == null) {
                return true;
            }
            if (from != null) {
                return !time.isBefore(from.atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            long millisOfDay = Math.floorMod(time.toEpochMilli(), 86_400_000L);
            double second = millisOfDay / 1000.0;
            if (endSecond < startSecond) {
                return second >= startSecond || second < endSecond;
            }
            return second >= startSecond && second < endSecond;
        }

        static Conditional parse(String text) {
            if (text.startsWith("from:")) {
                int space = text.indexOf(' ');
                return new Conditional(text.substring(0, space), LocalDate.parse(text.substring(5, space)), null, null,
                        PriceSet.parse(text.substring(space + 1)));
            }
            if (text.startsWith("utc:")) {
                int space = text.indexOf(' ');
                String[] window = text.substring(4, space).split("~");
                return new Conditional(text.substring(0, space), null, secondOfDay(window[0]), secondOfDay(window[1]),
                        PriceSet.parse(text.substring(space + 1)));
            }
            return new Conditional(null, null, null, null, PriceSet.parse(text));
        }
    }

    private static final java.util.regex.Pattern TIME_OF_DAY =
            java.util.regex.Pattern.compile("^(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(Z|([+-])(\\d{2}):(\\d{2}))$");

    /** A time of day such as {@code 16:30:00Z} or {@code 00:30:00+08:00} as seconds after UTC midnight. */
    static double secondOfDay(String value) {
        java.util.regex.Matcher m = TIME_OF_DAY.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 23 || Integer.parseInt(m.group(2)) > 59
                || Integer.parseInt(m.group(3)) > 59) {
            throw new IllegalArgumentException("invalid time of day: " + value);
        }
        double local = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60
                + Integer.parseInt(m.group(3)) + (m.group(4) == null ? 0 : Double.parseDouble("0." + m.group(4)));
        double offset = m.group(5).equals("Z") ? 0
                : (m.group(6).equals("+") ? 1 : -1) * (Integer.parseInt(m.group(7)) * 3600 + Integer.parseInt(m.group(8)) * 60);
        return (local - offset + 86_400) % 86_400;
    }

    private final Source source;
    private final List<ProviderInfo> providers;
    private final Map<String, List<String>> rawModels;
    private final Map<String, List<Model>> models = new HashMap<>();

    private PriceData(Source source, List<ProviderInfo> providers, Map<String, List<String>> rawModels) {
        this.source = source;
        this.providers = providers;
        this.rawModels = rawModels;
    }

    /** The bundled table. */
    public static PriceData bundled() {
        try (InputStream in = PriceData.class.getResourceAsStream(RESOURCE)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table in {@code file} (written by {@code llmcost prices update}). */
    public static PriceData read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** The bundled table, or the updated one in {@code updated} when it exists and is newer. */
    public static PriceData current(Path updated) {
        if (updated != null && Files.isRegularFile(updated)) {
            try {
                PriceData fromUpdate = read(updated);
                PriceData bundled = bundled();
                return fromUpdate.source().date().compareTo(bundled.source().date()) > 0 ? fromUpdate : bundled;
            } catch (IOException | RuntimeException e) {
                return bundled(); // a damaged update never stops a call being recorded; `prices` reports it
            }
        }
        return bundled();
    }

    static PriceData read(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Source source = null;
        List<ProviderInfo> providers = new ArrayList<>();
        Map<String, List<String>> raw = new LinkedHashMap<>();
        List<String> section = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            switch (line.charAt(0)) {
                case 'M' -> {
                    if (section == null) {
                        throw new IOException("model before any provider section: " + line);
                    }
                    section.add(line);
                }
                case 'S' -> {
                    section = new ArrayList<>();
                    raw.put(line.substring(2), section);
                }
                case 'P' -> {
                    String[] f = line.split("\t", -1);
                    providers.add(new ProviderInfo(f[1], Match.parse(f[2]), Match.parse(f[3]),
                            f[4].isEmpty() ? List.of() : List.of(f[4].split(","))));
                }
                case 'V' -> {
                    String[] f = line.split("\t", -1);
                    source = new Source(f[1], f[2], f[3]);
                }
                default -> throw new IOException("unknown line in price table: " + line);
            }
        }
        if (source == null || providers.isEmpty()) {
            throw new IOException("not a price table (no V or P lines)");
        }
        return new PriceData(source, List.copyOf(providers), raw);
    }

    public Source source() {
        return source;
    }

    public List<String> providerIds() {
        return providers.stream().map(ProviderInfo::id).toList();
    }

    /** The provider the engine picks for {@code providerId}: same id, else the first whose provider rule matches. */
    public Optional<String> providerById(String providerId) {
        String id = providerId.toLowerCase(Locale.ROOT).trim();
        for (ProviderInfo p : providers) {
            if (p.id().equals(id)) {
                return Optional.of(p.id());
            }
        }
        for (ProviderInfo p : providers) {
            if (p.providerMatch() != null && p.providerMatch().matches(id)) {
                return Optional.of(p.id());
            }
        }
        return Optional.empty();
    }

    /** The provider the engine picks when none is named: the first whose model rule matches. */
    public Optional<String> providerByModel(String model) {
        String name = model.toLowerCase(Locale.ROOT).trim();
        for (ProviderInfo p : providers) {
            if (p.modelMatch() != null && p.modelMatch().matches(name)) {
                return Optional.of(p.id());
            }
        }
        return Optional.empty();
    }

    /** The model entry the engine picks at {@code provider}, then at its fallback providers (one step). */
    public Optional<Model> model(String provider, String model) {
        String name = model.toLowerCase(Locale.ROOT).trim();
        Optional<Model> found = firstMatch(provider, name);
        if (found.isPresent()) {
            return found;
        }
        for (ProviderInfo p : providers) {
            if (p.id().equals(provider)) {
                for (String fallback : p.fallbacks()) {
                    found = firstMatch(fallback, name);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Model> firstMatch(String provider, String name) {
        List<String> lines = rawModels.get(provider);
        if (lines == null) {
            return Optional.empty();
        }
        List<Model> parsed = models.computeIfAbsent(provider, k -> new ArrayList<>());
        for (int i = 0; i < lines.size(); i++) {
            if (i == parsed.size()) {
                parsed.add(parseModel(provider, lines.get(i)));
            }
            Model candidate = parsed.get(i);
            if (matchOf(candidate).matches(name)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private final Map<Model, Match> matches = new java.util.IdentityHashMap<>();

    private Match matchOf(Model model) {
        return matches.computeIfAbsent(model, m -> Match.parse(m.matchText()));
    }

    private static Model parseModel(String provider, String line) {
        String[] f = line.split("\t", -1);
        List<Conditional> prices = new ArrayList<>();
        for (int i = 3; i < f.length; i++) {
            prices.add(Conditional.parse(f[i]));
        }
        return new Model(provider, f[1], f[2], List.copyOf(prices));
    }

    /** Every model of every provider, in table order (for listing and checks). */
    public List<Model> allModels() {
        List<Model> all = new ArrayList<>();
        for (Map.Entry<String, List<String>> section : rawModels.entrySet()) {
            for (String line : section.getValue()) {
                all.add(parseModel(section.getKey(), line));
            }
        }
        return all;
    }

    /** Whether {@code model}'s rules match {@code name} (lowercased as the engine does). */
    public boolean matches(Model model, String name) {
        return matchOf(model).matches(name.toLowerCase(Locale.ROOT).trim());
    }
}
