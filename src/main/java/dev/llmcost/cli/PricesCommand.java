package dev.llmcost.cli;

import dev.llmcost.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.pricing.Price;
import dev.llmcost.pricing.PriceTable;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

@Command(mixinStandardHelpOptions = true, name = "prices", description = "Show the price table (USD per million tokens), or the price a model name resolves to.")
public final class PricesCommand extends BaseCommand {
    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "A model name, e.g. claude-sonnet-4-20250514.")
    String model;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() {
        PriceTable table = new Pricer(DbLocation.configDir(environment()).resolve("prices.json")).table();
        List<Price> prices;
        if (model == null) {
            prices = table.list(null);
        } else {
            String provider = dev.llmcost.pricing.Providers.infer(model);
            prices = table.lookup(provider, model).map(List::of).orElseGet(() -> table.list(model));
            if (prices.isEmpty()) {
                throw LlmcostException.usage("no price known for model '" + model + "'; add it to "
                        + DbLocation.configDir(environment()).resolve("prices.json"));
            }
        }
        List<String> header = List.of("provider", "model", "input", "output", "cache_write", "cache_read");
        switch (format.format) {
            case CSV -> {
                Csv.row(out(), header);
                prices.forEach(p -> Csv.row(out(), cells(p)));
            }
            case JSON -> JsonOut.write(out(), json -> {
                json.writeStartObject();
                json.writeStringField("source", table.source());
                json.writeArrayFieldStart("prices");
                for (Price p : prices) {
                    json.writeStartObject();
                    json.writeStringField("provider", p.provider());
                    json.writeStringField("model", p.model());
                    json.writeNumberField("input_usd_per_mtok", p.input());
                    json.writeNumberField("output_usd_per_mtok", p.output());
                    json.writeNumberField("cache_write_usd_per_mtok", p.cacheWrite());
                    json.writeNumberField("cache_read_usd_per_mtok", p.cacheRead());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            default -> {
                TextTable text = new TextTable(List.of("Provider", "Model", "Input", "Output", "Cache write", "Cache read"),
                        new boolean[] {false, false, true, true, true, true});
                prices.forEach(p -> text.add(cells(p)));
                text.print(out());
                out().println(table.source());
            }
        }
        return LlmcostException.EXIT_OK;
    }

    private static List<String> cells(Price p) {
        List<String> cells = new ArrayList<>(List.of(p.provider(), p.model()));
        for (BigDecimal value : List.of(p.input(), p.output(), p.cacheWrite(), p.cacheRead())) {
            cells.add(Money.plain(value));
        }
        return cells;
    }
}
