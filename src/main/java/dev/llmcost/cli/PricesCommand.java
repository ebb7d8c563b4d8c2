package dev.llmcost.cli;

import dev.llmcost.capture.TimeSpec;
import dev.llmcost.env.DbLocation;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.pricing.PriceData;
import dev.llmcost.pricing.PriceSet;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.pricing.Providers;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Command(mixinStandardHelpOptions = true, name = "prices",
        description = "Show the price table (USD per million tokens), or the prices a model name resolves to: tiers, dated and time-of-day prices, and which applies at a time.",
        subcommands = PricesUpdateCommand.class,
        footer = {"", "Examples:", "  llmcost prices gemini-2.5-pro", "  llmcost prices deepseek-chat --at 2026-11-24T17:00Z",
                "  llmcost prices claude --format csv", "  llmcost prices update"})
public final class PricesCommand extends BaseCommand {
    /** The price keys shown as columns, with their headers; others are listed in "other". */
    private static final List<String> KEYS = List.of("input_mtok", "output_mtok", "cache_write_mtok",
            "cache_write_1h_mtok", "cache_read_mtok");

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "A model name, e.g. claude-sonnet-4-20250514, or part of one to list.")
    String model;

    @Option(names = "--provider", paramLabel = "PROVIDER", description = "The provider the model is called through (default: inferred from the name).")
    String provider;

    @Option(names = "--at", paramLabel = "TIME", description = "Show the prices in force at this time (default: now), e.g. 2026-03-01 or 2026-11-24T17:00Z.")
    String at;

    @Mixin
    FormatOptions format;

    /** One row: a model's prices in force at the time asked about, and the rest of its entry. */
    private record Row(String provider, String model, String source, PriceSet prices, String applies,
                       PriceData.Model entry) {
    }

    @Override
    public Integer call() {
        Instant now = environment().clock().instant();
        Instant time = (at == null ? now : TimeSpec.resolve(at, "--at", now, zone(), false))
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Pricer pricer = DbLocation.pricer(environment());
        PriceData data = pricer.data();
        List<Row> rows = new ArrayList<>();
        String providerName = provider != null ? Providers.normalize(provider) : model != null ? Providers.infer(model) : null;
        if (model != null) {
            pricer.resolve(providerName, model).ifPresent(r -> rows.add(r.model() != null
                    ? row(r.provider(), r.model(), r.priceSource(), time)
                    : new Row(r.override().provider(), r.override().model(), Pricer.OVERRIDE, r.override().prices(), "", null)));
        }
        if (rows.isEmpty()) {
            String needle = model == null ? null : model.toLowerCase(Locale.ROOT);
            for (PriceData.Model m : data.allModels()) {
                if ((needle == null || m.id().toLowerCase(Locale.ROOT).contains(needle))
                        && (provider == null || m.provider().equals(providerName))) {
                    rows.add(row(m.provider(), m, data.source().label(), time));
                }
            }
            if (model == null) {
                pricer.overrides().forEach(o -> rows.add(0, new Row(o.provider(), o.model(), Pricer.OVERRIDE, o.prices(), "", null)));
            }
        }
        if (rows.isEmpty()) {
            throw LlmcostException.usage("no price known for model '" + model + "'"
                    + (provider != null ? " at provider '" + provider + "'" : "") + "; add it to "
                    + DbLocation.configDir(environment()).resolve("prices.json") + " or run 'llmcost prices update'");
        }
        PriceData.Source source = data.source();
        switch (format.format) {
            case CSV -> {
                Csv.row(out(), List.of("provider", "model", "input", "output", "cache_write", "cache_write_1h",
                        "cache_read", "other", "applies", "price_source"));
                for (Row r : rows) {
                    List<String> cells = cells(r);
                    cells.add(r.source());
                    Csv.row(out(), cells);
                }
            }
            case JSON -> JsonOut.write(out(), json -> {
                json.writeStartObject();
                json.writeObjectFieldStart("source");
                json.writeStringField("name", source.name());
                json.writeStringField("version", source.version());
                json.writeStringField("date", source.date());
                json.writeEndObject();
                json.writeStringField("at", time.toString());
                json.writeArrayFieldStart("prices");
                for (Row r : rows) {
                    json.writeStartObject();
                    json.writeStringField("provider", r.provider());
                    json.writeStringField("model", r.model());
                    json.writeStringField("price_source", r.source());
                    json.writeStringField("applies", r.applies());
                    writePrices(json, "prices", r.prices());
                    if (r.entry() != null && r.entry().prices().size() > 1) {
                        json.writeArrayFieldStart("conditional_prices");
                        for (PriceData.Conditional c : r.entry().prices()) {
                            json.writeStartObject();
                            json.writeStringField("constraint", c.constraint() == null ? "" : c.constraint());
                            writePrices(json, "prices", c.prices());
                            json.writeEndObject();
                        }
                        json.writeEndArray();
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            default -> {
                TextTable text = new TextTable(List.of("Provider", "Model", "Input", "Output", "Cache write",
                        "Cache write 1h", "Cache read", "Other", "Applies"),
                        new boolean[] {false, false, true, true, true, true, true, false, false});
                rows.forEach(r -> text.add(cells(r)));
                text.print(out());
                if (rows.size() == 1 && rows.get(0).entry() != null && rows.get(0).entry().prices().size() > 1) {
                    out().println("Prices over time (the last that holds applies, else the first):");
                    for (PriceData.Conditional c : rows.get(0).entry().prices()) {
                        out().println("  " + describe(c.constraint()) + ": " + c.prices());
                    }
                }
                out().println("USD per million tokens; a tier 'a >N: b' means a call whose total input exceeds N tokens pays b for all of it.");
                out().println("Source: " + source.name() + " " + source.version() + " (MIT, https://github.com/pydantic/genai-prices), "
                        + (source.name().contains("update") ? "downloaded " : "generated ") + source.date()
                        + "; prices at " + time);
            }
        }
        return LlmcostException.EXIT_OK;
    }

    private static Row row(String provider, PriceData.Model entry, String source, Instant time) {
        PriceSet prices = entry.at(time);
        String applies = "";
        for (PriceData.Conditional c : entry.prices()) {
            if (c.prices() == prices && c.constraint() != null) {
                applies = describe(c.constraint());
            }
        }
        if (applies.isEmpty() && entry.prices().size() > 1) {
            applies = "base";
        }
        return new Row(provider, entry.id(), source, prices, applies, entry);
    }

    private static String describe(String constraint) {
        if (constraint == null) {
            return "base";
        }
        if (constraint.startsWith("from:")) {
            return "from " + constraint.substring(5);
        }
        return "UTC " + constraint.substring(4).replace("~", "-");
    }

    private static List<String> cells(Row r) {
        List<String> cells = new ArrayList<>(List.of(r.provider(), r.model()));
        for (String key : KEYS) {
            PriceSet.Rate rate = r.prices().rate(key);
            cells.add(rate != null ? rate(rate) : inheritedFrom(r.prices(), key));
        }
        List<String> other = new ArrayList<>();
        r.prices().rates().forEach((k, v) -> {
            if (!KEYS.contains(k)) {
                other.add(k + " " + rate(v));
            }
        });
        cells.add(String.join("; ", other));
        cells.add(r.applies());
        return cells;
    }

    /** What unpriced cache tokens pay, as the engine decides: the next less specific price that exists. */
    private static String inheritedFrom(PriceSet prices, String key) {
        if (key.equals("cache_write_1h_mtok") && prices.has("cache_write_mtok")) {
            return "=cache write";
        }
        return key.startsWith("cache") && prices.has("input_mtok") ? "=input" : "";
    }

    private static String rate(PriceSet.Rate rate) {
        StringBuilder text = new StringBuilder(Money.plain(rate.base()));
        rate.tiers().forEach(t -> text.append(" >").append(t.start()).append(": ").append(Money.plain(t.price())));
        return text.toString();
    }

    private static void writePrices(com.fasterxml.jackson.core.JsonGenerator json, String field, PriceSet prices)
            throws java.io.IOException {
        json.writeObjectFieldStart(field);
        for (var entry : prices.rates().entrySet()) {
            PriceSet.Rate rate = entry.getValue();
            if (rate.tiers().isEmpty()) {
                json.writeNumberField(entry.getKey(), Money.forJson(rate.base()));
            } else {
                json.writeObjectFieldStart(entry.getKey());
                json.writeNumberField("base", Money.forJson(rate.base()));
                json.writeArrayFieldStart("tiers");
                for (PriceSet.Tier tier : rate.tiers()) {
                    json.writeStartObject();
                    json.writeNumberField("start", tier.start());
                    json.writeNumberField("price", Money.forJson(tier.price()));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        }
        json.writeEndObject();
    }
}
