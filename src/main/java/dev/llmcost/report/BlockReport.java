package dev.llmcost.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmcost.model.Money;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.OutputFormat;
import dev.llmcost.render.TextTable;

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
 * rollups cannot answer it and pruned events are gone from it). The command feeds {@link Blocks} every call
 * from the last pause longer than a block before {@code --since} (a block's start depends on the calls
 * before it; after such a pause it does not) up to {@code --until}; the blocks overlapping the range are shown.
 */
public final class BlockReport {
    private BlockReport() {
    }

    /**
     * Prints the blocks of {@code blocks} (fed every call from a block restart before {@code query}'s range
     * up to its end) that overlap the range.
     */
    public static void print(PrintWriter out, OutputFormat format, boolean chart, Blocks blocks, ReportQuery query,
                             Instant now, List<PlanUsage> usages) {
        List<Blocks.Block> shown = new ArrayList<>();
        Totals total = Totals.ZERO;
        for (Blocks.Block block : blocks.finish()) {
            if ((query.since() == null || block.end().isAfter(query.since()))
                    && (query.until() == null || block.start().isBefore(query.until()))) {
                shown.add(block);
                total = total.plus(block.totals());
            }
        }
        switch (format) {
            case JSON -> json(out, shown, total, query, usages);
            case CSV -> csv(out, shown);
            default -> table(out, shown, total, query, now, chart, usages);
        }
    }

    private static void table(PrintWriter out, List<Blocks.Block> blocks, Totals total, ReportQuery query,
                              Instant now, boolean chart, List<PlanUsage> usages) {
        ZoneId zone = query.zone();
        if (blocks.isEmpty()) {
            out.println("No usage recorded " + (query.since() == null && query.until() == null ? "yet"
                    : ReportFormat.describeRange(query)) + ". Record calls with 'llmcost record' (see 'llmcost record --help').");
            return;
        }
        out.println("Usage by 5-hour billing block, " + ReportFormat.describeRange(query));
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
            for (PlanUsage usage : usages) {
                out.println("Plan " + usage.describe());
            }
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

    private static void json(PrintWriter out, List<Blocks.Block> blocks, Totals total, ReportQuery query,
                             List<PlanUsage> usages) {
        JsonOut.write(out, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("group_by");
            json.writeString("block");
            json.writeEndArray();
            json.writeStringField("since", query.since() == null ? null : query.since().toString());
            json.writeStringField("until", query.until() == null ? null : query.until().toString());
            json.writeStringField("time_zone", query.zone().getId());
            json.writeNumberField("block_hours", Blocks.LENGTH.toHours());
            json.writeArrayFieldStart("rows");
            for (Blocks.Block b : blocks) {
                json.writeStartObject();
                json.writeStringField("block_start", b.start().toString());
                json.writeStringField("block_end", b.end().toString());
                json.writeStringField("first_call", b.firstCall().toString());
                json.writeStringField("last_call", b.lastCall().toString());
                json.writeBooleanField("active", b.active());
                ReportFormat.totalsFields(json, b.totals());
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
            ReportFormat.totalsFields(json, total);
            json.writeNumberField("total_tokens", total.totalTokens());
            json.writeEndObject();
            json.writeArrayFieldStart("plans");
            for (PlanUsage usage : usages) {
                planJson(json, usage);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** One plan's standing in the active block, as {@code report --by block} and the statusline's JSON show it. */
    public static void planJson(JsonGenerator json, PlanUsage usage) throws IOException {
        json.writeStartObject();
        json.writeStringField("vendor", usage.plan().vendor());
        json.writeStringField("plan", usage.plan().name());
        json.writeStringField("title", usage.plan().title());
        json.writeStringField("agent", usage.plan().agent());
        json.writeNumberField("token_limit", usage.limit());
        json.writeStringField("limit_source", usage.largestBlock() ? "largest_block" : "plan");
        json.writeNumberField("used_tokens", usage.used());
        nullable(json, "percent_used", usage.percent());
        nullable(json, "projected_tokens", usage.projected());
        nullable(json, "projected_percent", usage.projectedPercent());
        json.writeEndObject();
    }

    private static void nullable(JsonGenerator json, String field, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
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
