package dev.llmcost.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a report can group by. Rollup dimensions survive {@code prune}; the rest need raw events. */
public enum Dimension {
    MODEL(true), FAMILY(true), PROVIDER(true), PROJECT(true), USER(true), MODE(true),
    DAY(true), WEEK(true), MONTH(true),
    /** 5-hour billing blocks: a report of its own, not a group to nest with the others. */
    BLOCK(false),
    AGENT(false), SESSION(false), TASK(false), REQUEST_TYPE(false), TAG(false);

    private final boolean inRollup;

    Dimension(boolean inRollup) {
        this.inRollup = inRollup;
    }

    public boolean inRollup() {
        return inRollup;
    }

    public boolean isTime() {
        return this == DAY || this == WEEK || this == MONTH;
    }

    /** The name on the command line and in JSON/CSV headers: request-type, tag. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String choices() {
        return Arrays.stream(values()).map(d -> d == TAG ? "tag:KEY" : d.cliName())
                .collect(Collectors.joining(", "));
    }
}
