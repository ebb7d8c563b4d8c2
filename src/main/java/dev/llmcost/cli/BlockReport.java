package dev.llmcost.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmcost.model.Money;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.TextTable;
import dev.llmcost.report.Blocks;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.Totals;
import dev.llmcost.store.ProjectStore;
import dev.llmcost.store.ReportReader;
import dev.llmcost.store.Store;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report --by block}: 5-hour billing blocks from raw events (their times are needed, so the
 * rollups cannot answer it and pruned events are gone from it). Blocks are found from the last pause
 * longer than a block before {@code --since} (a block's start depends on the calls before it; after
 * such a pause it does not) up to {@code --until}, then the ones overlapping the range are shown.
 */
final class BlockReport {
    private BlockReport() {
    }

    static void run(ReportCommand command, ReportQuery query, PeriodOptions.Range range, ZoneId zone, Instant now) {
        Blocks blocks = new Blocks(now);
        Instant prunedBefore;
        try (Store store = command.openStore()) {
            prunedBefore = store.read(connection -> {
                ReportReader reader = new ReportReader(connection);
                Instant from = range.since() == null ? null : reader.blockRestart(query, range.since(), Blocks.LENGTH);
                reader.eachCall(query, from, blocks::add);
                return new ProjectStore(connection).prunedBefore();
            });
        }
        List<Blocks.Block> shown = new ArrayList<>();
        Totals total = Totals.ZERO;
        for (Blocks.Block block : blocks.finish()) {
            if ((range.since() == null || block.end().isAfter(range.since()))
                    && (range.until() == null || block.start().isBefore(range.until()))) {
                shown.add(block);
                total = total.plus(block.totals());
            }
        }
        if (prunedBefore != null && (range.since() == null || range.since().isBefore(prunedBefore))) {
            command.warn("events before " + prunedBefore + " were pruned; billing blocks need each call's time, "
                    + "so they cover only the events kept");
        }
        switch (command.format.format) {
            case JSON -> json(command.out(), shown, total, range, zone);
            case CSV -> csv(command.out(), shown);
            default -> table(command.out(), shown, total, range, zone, now, command.chart);
        }
    }

    private static void table(PrintWriter out, List<Blocks.Block> blocks, Totals total, PeriodOptions.Range range,
                              ZoneId zone, Instant now, boolean chart) {
        if (blocks.isEmpty()) {
            out.println("No usage recorded " + (range.since() == null && range.until() == null ? "yet"
                    : ReportCommand.describe(range, zone)) + ". Record calls with 'llmcost record' (see 'llmcost record --help').");
            return;
        }
        out.println("Usage by 5-hour billing block, " + ReportCommand.describe(range, zone));
        DateTimeFormatter time = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(zone);
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        boolean unpriced = total.unpricedRequests() > 0;
        List<String> headers = new ArrayList<>(List.of("Block start", "End", "", "Requests", "Input", "Output",
                "Cache write", "Cache read", "Tokens", "Cost"));
        if (unpriced) {
            headers.add("Unpriced");
        }
        if (chart) {
            headers.add("");
        }
        boolean[] numeric = new boolean[headers.size()];
        for (int i = 3; i < numeric.length - (chart ? 1 : 0); i++) {
            numeric[i] = true;
        }
        TextTable table = new TextTable(headers, numeric);
        long maxCost = blocks.stream().mapToLong(b -> b.totals().costNanos()).max().orElse(0);
        Blocks.Block active = null;
        for (Blocks.Block block : blocks) {
            List<String> cells = new ArrayList<>(List.of(time.format(block.start()), clock.format(block.end()),
                    block.active() ? "active" : ""));
            cells.addAll(cells(block.totals(), unpriced));
            if (chart) {
                cells.add(Numbers.bar(maxCost == 0 ? 0 : (double) block.totals().costNanos() / maxCost, 20));
            }
            table.add(cells);
            if (block.active()) {
                active = block;
            }
        }
        List<String> footer = new ArrayList<>(List.of("Total", "", ""));
        footer.addAll(cells(total, unpriced));
        if (chart) {
            footer.add("");
        }
        table.footer(footer);
        table.print(out);
        if (active != null) {
            long elapsed = Duration.between(active.start(), now).toMinutes();
            long left = Duration.between(now, active.end()).toMinutes();
            StringBuilder line = new StringBuilder("Active block: ").append(hm(elapsed)).append(" elapsed, ")
                    .append(hm(left)).append(" left");
            if (active.burnRate() != null) {
                line.append("; burn rate ").append(Numbers.count(active.burnRate().tokensPerHour()))
                        .append(" tokens/h, ").append(Numbers.usd(active.burnRate().costUsdPerHour())).append("/h")
                        .append("; projected by ").append(clock.format(active.end())).append(": ")
                        .append(Numbers.count(active.projection().totalTokens())).append(" tokens, ")
                        .append(Numbers.usd(active.projection().costUsd()));
            }
            out.println(line);
        }
        if (unpriced) {
            out.println(Numbers.count(total.unpricedRequests())
                    + " call(s) have no known price and are not in the cost; see 'llmcost prices'.");
        }
    }

    private static String hm(long minutes) {
        return minutes / 60 + "h " + minutes % 60 + "m";
    }

    private static List<String> cells(Totals t, boolean unpriced) {
        List<String> cells = new ArrayList<>(List.of(Numbers.count(t.requests()), Numbers.count(t.inputTokens()),
                Numbers.count(t.outputTokens()), Numbers.count(t.cacheWriteTokens()),
                Numbers.count(t.cacheReadTokens()), Numbers.count(t.totalTokens()),
                t.unpricedRequests() == t.requests() ? "n/a" : Numbers.usdFromNanos(t.costNanos())));
        if (unpriced) {
            cells.add(t.unpricedRequests() == 0 ? "" : Numbers.count(t.unpricedRequests()));
        }
        return cells;
    }

    private static final List<String> COLUMNS = List.of("block_start", "block_end", "first_call", "last_call",
            "active", "requests", "input_tokens", "output_tokens", "cache_write_tokens", "cache_read_tokens",
            "reasoning_tokens", "total_tokens", "cost_usd", "unpriced_requests", "burn_tokens_per_hour",
            "burn_cost_usd_per_hour", "projected_tokens", "projected_cost_usd");

    private static void csv(PrintWriter out, List<Blocks.Block> blocks) {
        Csv.row(out, COLUMNS);
        for (Blocks.Block b : blocks) {
            Totals t = b.totals();
            boolean burn = b.burnRate() != null;
            Csv.row(out, List.of(b.start().toString(), b.end().toString(), b.firstCall().toString(),
                    b.lastCall().toString(), Boolean.toString(b.active()), Long.toString(t.requests()),
                    Long.toString(t.inputTokens()), Long.toString(t.outputTokens()),
                    Long.toString(t.cacheWriteTokens()), Long.toString(t.cacheReadTokens()),
                    Long.toString(t.reasoningTokens()), Long.toString(t.totalTokens()), Money.plain(t.costNanos()),
                    Long.toString(t.unpricedRequests()),
                    burn ? Long.toString(b.burnRate().tokensPerHour()) : "",
                    burn ? Money.plain(b.burnRate().costUsdPerHour()) : "",
                    burn ? Long.toString(b.projection().totalTokens()) : "",
                    burn ? Money.plain(b.projection().costUsd()) : ""));
        }
    }

    private static void json(PrintWriter out, List<Blocks.Block> blocks, Totals total, PeriodOptions.Range range,
                             ZoneId zone) {
        JsonOut.write(out, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("group_by");
            json.writeString("block");
            json.writeEndArray();
            json.writeStringField("since", range.since() == null ? null : range.since().toString());
            json.writeStringField("until", range.until() == null ? null : range.until().toString());
            json.writeStringField("time_zone", zone.getId());
            json.writeNumberField("block_hours", Blocks.LENGTH.toHours());
            json.writeArrayFieldStart("rows");
            for (Blocks.Block b : blocks) {
                json.writeStartObject();
                json.writeStringField("block_start", b.start().toString());
                json.writeStringField("block_end", b.end().toString());
                json.writeStringField("first_call", b.firstCall().toString());
                json.writeStringField("last_call", b.lastCall().toString());
                json.writeBooleanField("active", b.active());
                ReportCommand.totalsFields(json, b.totals());
                json.writeNumberField("total_tokens", b.totals().totalTokens());
                json.writeArrayFieldStart("models");
                for (String model : b.models()) {
                    json.writeString(model);
                }
                json.writeEndArray();
                burn(json, b);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("total");
            ReportCommand.totalsFields(json, total);
            json.writeNumberField("total_tokens", total.totalTokens());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static void burn(JsonGenerator json, Blocks.Block b) throws IOException {
        if (b.burnRate() == null) {
            json.writeNullField("burn_rate");
            json.writeNullField("projection");
            return;
        }
        json.writeObjectFieldStart("burn_rate");
        json.writeNumberField("tokens_per_hour", b.burnRate().tokensPerHour());
        json.writeNumberField("cost_usd_per_hour", Money.forJson(b.burnRate().costUsdPerHour()));
        json.writeEndObject();
        json.writeObjectFieldStart("projection");
        json.writeNumberField("remaining_minutes", b.projection().remainingMinutes());
        json.writeNumberField("total_tokens", b.projection().totalTokens());
        json.writeNumberField("cost_usd", Money.forJson(b.projection().costUsd()));
        json.writeEndObject();
    }
}
