package dev.llmcost.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The bundled table is split: {@code genai-prices/index.tsv} holds the V and P lines, and each
 * provider's M lines are in {@code genai-prices/ID.tsv}, read on first use, so that {@code record}
 * reads one provider's rules (a few KB) rather than all 1,700 models. A table from
 * {@code prices update} is one file with S sections. Prices are parsed only for a model that matches.
 */
public final class PriceData {
    static final String RESOURCE_DIR = "/dev/llmcost/pricing/genai-prices/";

    /** Where the data came from: {@code @pydantic/genai-prices 0.1.8 2026-11-26}. */
    public record Source(String name, String version, String date) {
        public String label() {
            return name + " " + version + " " + date;
        }
    }

    record ProviderInfo(String id, Match providerMatch, Match modelMatch, List<String> fallbacks) {
    }

    /** One model's prices over time: the last whose constraint holds applies, else the first. */
    public static final class Model {
        private final String provider;
        private final String id;
        private final String matchText;
        private final String[] fields;
        private Match match;
        private List<Conditional> prices;

        Model(String provider, String line) {
            this.provider = provider;
            this.fields = line.split("\t", -1);
            this.id = fields[1];
            this.matchText = fields[2];
        }

        public String provider() {
            return provider;
        }

        public String id() {
            return id;
        }

        public String matchText() {
            return matchText;
        }

        boolean matches(String lowercased) {
            if (match == null) {
                match = Match.parse(matchText);
            }
            return match.matches(lowercased);
        }

        public List<Conditional> prices() {
            if (prices == null) {
                List<Conditional> parsed = new ArrayList<>(fields.length - 3);
                for (int i = 3; i < fields.length; i++) {
                    parsed.add(Conditional.parse(fields[i]));
                }
                prices = List.copyOf(parsed);
            }
            return prices;
        }

        public PriceSet at(Instant time) {
            List<Conditional> prices = prices();
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
                String date = text.substring(5, space); // YYYY-MM-DD, checked when the table was written
                return new Conditional(text.substring(0, space), LocalDate.of(Integer.parseInt(date.substring(0, 4)),
                        Integer.parseInt(date.substring(5, 7)), Integer.parseInt(date.substring(8, 10))), null, null,
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

    /** Compiled only when a time-of-day price is read. */
    private static final class TimeOfDay {
        static final java.util.regex.Pattern PATTERN =
                java.util.regex.Pattern.compile("^(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(Z|([+-])(\\d{2}):(\\d{2}))$");
    }

    /** A time of day such as {@code 16:30:00Z} or {@code 00:30:00+08:00} as seconds after UTC midnight. */
    static double secondOfDay(String value) {
        java.util.regex.Matcher m = TimeOfDay.PATTERN.matcher(value);
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
    private final java.util.function.Function<String, List<String>> sectionLoader;
    private final Map<String, List<Model>> models = new HashMap<>();

    private PriceData(Source source, List<ProviderInfo> providers, java.util.function.Function<String, List<String>> sectionLoader) {
        this.source = source;
        this.providers = providers;
        this.sectionLoader = sectionLoader;
    }

    /** The bundled table: its index now, each provider's models when first asked for. */
    public static PriceData bundled() {
        try {
            List<String> index = lines(PriceData.class.getResourceAsStream(RESOURCE_DIR + "index.tsv"));
            return parse(index, new java.util.function.Function<>() { // a class, not a lambda: cheaper on a cold start
                @Override
                public List<String> apply(String id) {
                    try {
                        return lines(PriceData.class.getResourceAsStream(RESOURCE_DIR + id + ".tsv"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(InputStream in) throws IOException {
        if (in == null) {
            return List.of();
        }
        try (in) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    end = text.length();
                }
                if (end > start && text.charAt(start) != '#') {
                    lines.add(text.substring(start, end));
                }
                start = end + 1;
            }
            return lines;
        }
    }

    /** The table in {@code file} (written by {@code llmcost prices update}). */
    public static PriceData read(Path file) throws IOException {
        return read(Files.newInputStream(file));
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

    /** A whole table in one stream: V and P lines, then S sections of M lines. */
    static PriceData read(InputStream in) throws IOException {
        List<String> head = new ArrayList<>();
        Map<String, List<String>> sections = new HashMap<>();
        List<String> section = null;
        for (String line : lines(in)) {
            switch (line.charAt(0)) {
                case 'M' -> {
                    if (section == null) {
                        throw new IOException("model before any provider section: " + line);
                    }
                    section.add(line);
                }
                case 'S' -> {
                    section = new ArrayList<>();
                    sections.put(line.substring(2), section);
                }
                default -> head.add(line);
            }
        }
        return parse(head, id -> sections.getOrDefault(id, List.of()));
    }

    private static PriceData parse(List<String> head,
                                   java.util.function.Function<String, List<String>> sectionLoader) throws IOException {
        Source source = null;
        List<ProviderInfo> providers = new ArrayList<>();
        for (String line : head) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "P" -> providers.add(new ProviderInfo(f[1], Match.parse(f[2]), Match.parse(f[3]),
                        f[4].isEmpty() ? List.of() : List.of(f[4].split(","))));
                case "V" -> source = new Source(f[1], f[2], f[3]);
                default -> throw new IOException("unknown line in price table: " + line);
            }
        }
        if (source == null || providers.isEmpty()) {
            throw new IOException("not a price table (no V or P lines)");
        }
        return new PriceData(source, List.copyOf(providers), sectionLoader);
    }

    /** A provider's models, read and split on first use; prices and rules are parsed later still. */
    private List<Model> section(String provider) {
        List<Model> section = models.get(provider);
        if (section == null) {
            section = new ArrayList<>();
            for (String line : sectionLoader.apply(provider)) {
                section.add(new Model(provider, line));
            }
            models.put(provider, section);
        }
        return section;
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
        for (Model candidate : section(provider)) {
            if (candidate.matches(name)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every model of every provider, in table order (for listing and checks). */
    public List<Model> allModels() {
        List<Model> all = new ArrayList<>();
        for (ProviderInfo p : providers) {
            all.addAll(section(p.id()));
        }
        return all;
    }

    /** Whether {@code model}'s rules match {@code name} (lowercased as the engine does). */
    public boolean matches(Model model, String name) {
        return model.matches(name.toLowerCase(Locale.ROOT).trim());
    }
}
