package dev.llmcost.ingest;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** What a generated agent tree holds, per UTC day: calls, input, output, cache write, cache read, reasoning. */
public final class FixtureDays {
    public final Map<String, long[]> byDay = new TreeMap<>();
    public long calls;

    /** Counts one call of {@code tokens} (input, output, cache write, cache read, reasoning) at {@code at}. */
    public void add(Instant at, long... tokens) {
        long[] day = byDay.computeIfAbsent(at.toString().substring(0, 10), d -> new long[6]);
        day[0]++;
        for (int i = 0; i < tokens.length; i++) {
            day[i + 1] += tokens[i];
        }
        calls++;
    }

    /** The sum over all days, in the order of a day. */
    public long[] total() {
        long[] total = new long[6];
        for (long[] day : byDay.values()) {
            for (int i = 0; i < total.length; i++) {
                total[i] += day[i];
            }
        }
        return total;
    }
}
