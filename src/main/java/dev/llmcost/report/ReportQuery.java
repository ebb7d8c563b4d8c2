package dev.llmcost.report;

import java.time.Instant;
import java.util.List;

/** What to sum: groups, a half-open time range [since, until) (either may be null), and filters. */
public record ReportQuery(List<GroupBy> groups, Instant since, Instant until, String project,
                          String model, String provider, String user, String agent) {
    public ReportQuery {
        groups = List.copyOf(groups);
    }

    /** True when the hourly rollup can answer it, so pruned history still counts. */
    public boolean answerableFromRollup() {
        return agent == null && groups.stream().allMatch(g -> g.dimension().inRollup());
    }
}
