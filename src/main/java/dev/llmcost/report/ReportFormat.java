package dev.llmcost.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmcost.model.Money;

import java.io.IOException;
import java.time.format.DateTimeFormatter;

/** What every report writes the same way: its range in words, and a {@link Totals} as JSON fields. */
public final class ReportFormat {
    private ReportFormat() {
    }

    /** "all time", or "2026-11-01 00:00 → now (Europe/Berlin)" in the query's zone. */
    public static String describeRange(ReportQuery query) {
        if (query.since() == null && query.until() == null) {
            return "all time";
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(query.zone());
        String from = query.since() == null ? "the beginning" : format.format(query.since());
        String to = query.until() == null ? "now" : format.format(query.until());
        return from + " → " + to + " (" + query.zone().getId() + ")";
    }

    public static void totalsFields(JsonGenerator json, Totals t) throws IOException {
        json.writeNumberField("requests", t.requests());
        json.writeNumberField("input_tokens", t.inputTokens());
        json.writeNumberField("output_tokens", t.outputTokens());
        json.writeNumberField("cache_write_tokens", t.cacheWriteTokens());
        json.writeNumberField("cache_read_tokens", t.cacheReadTokens());
        json.writeNumberField("reasoning_tokens", t.reasoningTokens());
        json.writeNumberField("cost_usd", Money.forJson(t.costUsd()));
        json.writeNumberField("unpriced_requests", t.unpricedRequests());
    }
}
