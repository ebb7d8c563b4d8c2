package dev.llmcost.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Billing blocks, as Anthropic's 5-hour usage windows and ccusage's {@code blocks} report count
 * them: a block starts at the UTC hour of the first call after the previous block ended and lasts
 * 5 hours; a call more than 5 hours after the block's start, or more than 5 hours after the call
 * before it, starts the next block. Calls arrive in time order and are summed as they come, so
 * memory does not grow with history.
 */
public final class Blocks {
    public static final Duration LENGTH = Duration.ofHours(5);

    /**
     * How far before a report's range the calls are read to find where its blocks start. A block starts
     * at the first call after a pause longer than {@link #LENGTH}, so blocks depend on the calls before them
     * only back to the latest such pause: people pause that long at least daily, and three days cover it with
     * room. Calls that never pause that long for three days (a bot that runs non-stop) start a block at the
     * oldest call read, which can shift the blocks' hours against a reading of all history (as ccusage does);
     * reading all history made {@code --by block --since 7d} on 1M events take 19 s.
     */
    public static final Duration LOOK_BACK = Duration.ofDays(3);

    /** One call, as much of it as a block needs. */
    public record Call(Instant at, String model, String agent, Totals totals) {
    }

    /** Tokens and cost per hour of the active block, from its first call to its last. */
    public record BurnRate(long tokensPerHour, long costNanosPerHour) {
        public BigDecimal costUsdPerHour() {
            return dev.llmcost.model.Money.fromNanos(costNanosPerHour);
        }
    }

    /** Where the active block ends if calls go on at its burn rate. */
    public record Projection(long remainingMinutes, long totalTokens, long costNanos) {
        public BigDecimal costUsd() {
            return dev.llmcost.model.Money.fromNanos(costNanos);
        }
    }

    /** One block; burn rate and projection only for the active block (and null when it has one call). */
    public record Block(Instant start, Instant end, Instant firstCall, Instant lastCall, boolean active,
                        Totals totals, List<String> models, BurnRate burnRate, Projection projection) {
    }

    private final Instant now;
    private final List<Block> blocks = new ArrayList<>();
    private Instant start;
    private Instant first;
    private Instant last;
    private Totals totals;
    private Set<String> models;

    public Blocks(Instant now) {
        this.now = now;
    }

    /** Adds the next call; calls must come in time order. */
    public void add(Call call) {
        if (last != null && call.at().isBefore(last)) {
            throw new IllegalArgumentException("calls out of time order: " + call.at() + " after " + last);
        }
        if (start != null && (Duration.between(start, call.at()).compareTo(LENGTH) > 0
                || Duration.between(last, call.at()).compareTo(LENGTH) > 0)) {
            close();
        }
        if (start == null) {
            start = call.at().truncatedTo(ChronoUnit.HOURS);
            first = call.at();
            totals = Totals.ZERO;
            models = new LinkedHashSet<>();
        }
        last = call.at();
        totals = totals.plus(call.totals());
        if (call.model() != null) {
            models.add(call.model());
        }
    }

    /** Every block, oldest first. */
    public List<Block> finish() {
        close();
        return List.copyOf(blocks);
    }

    private void close() {
        if (start == null) {
            return;
        }
        Instant end = start.plus(LENGTH);
        boolean active = Duration.between(last, now).compareTo(LENGTH) < 0 && now.isBefore(end);
        BurnRate burn = null;
        Projection projection = null;
        long spanMs = Duration.between(first, last).toMillis();
        if (active && spanMs > 0) {
            burn = new BurnRate(perHour(totals.totalTokens(), spanMs), perHour(totals.costNanos(), spanMs));
            // ccusage rounds the minutes left before projecting; so does this, so both agree
            long remaining = Math.max(0, Math.round(Duration.between(now, end).toMillis() / 60_000.0));
            projection = new Projection(remaining,
                    totals.totalTokens() + scale(totals.totalTokens(), remaining * 60_000, spanMs),
                    totals.costNanos() + scale(totals.costNanos(), remaining * 60_000, spanMs));
        }
        blocks.add(new Block(start, end, first, last, active, totals, List.copyOf(models), burn, projection));
        start = null;
    }

    private static long perHour(long amount, long spanMs) {
        return scale(amount, 3_600_000, spanMs);
    }

    /** amount × numerator ÷ denominator, exactly, rounded half up to a whole unit. */
    private static long scale(long amount, long numerator, long denominator) {
        return BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(numerator))
                .divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_UP).longValueExact();
    }
}
