package dev.llmcost.cli;

import dev.llmcost.capture.TimeSpec;
import dev.llmcost.model.LlmcostException;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.ZoneId;

/** {@code --since} and {@code --until}, shared by every command that reads a time range. */
public final class PeriodOptions {
    @Option(names = "--since", paramLabel = "TIME",
            description = "Start of the range: 7d, 24h, 3mo, 2026-11-01, today, this-month … (default: all time).")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "End of the range, exclusive; a date includes that whole day (default: no end).")
    String until;

    /** The resolved range; either end may be null. */
    public record Range(Instant since, Instant until) {
    }

    Range resolve(Instant now, ZoneId zone) {
        Instant from = since == null ? null : TimeSpec.resolve(since, "--since", now, zone, false);
        Instant to = until == null ? null : TimeSpec.resolve(until, "--until", now, zone, true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw LlmcostException.usage("--since (" + from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + ") must be before --until (" + to.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
        }
        return new Range(from, to);
    }
}
