package dev.llmcost.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** What to sum: groups, a half-open time range [since, until) (either may be null), and filters. */
public record ReportQuery(List<GroupBy> groups, Instant since, Instant until, String project,
                          String model, String provider, String user, String agent, ZoneId zone) {
    public ReportQuery {
        groups = List.copyOf(groups);
    }

    /** A query whose time groups (if any) are bucketed in a zone not known here. */
    public ReportQuery(List<GroupBy> groups, Instant since, Instant until, String project,
                       String model, String provider, String user, String agent) {
        this(groups, since, until, project, model, provider, user, agent, null);
    }

    /** The same range, filters and zone, grouped differently. */
    public ReportQuery withGroups(List<GroupBy> otherGroups) {
        return new ReportQuery(otherGroups, since, until, project, model, provider, user, agent, zone);
    }

    /**
     * True when whole UTC days can be summed as one: no time groups, or time groups bucketed in
     * a zone that is UTC all year.
     */
    public boolean answerableByUtcDay() {
        boolean timeGroups = groups.stream().anyMatch(g -> g.dimension() == Dimension.DAY
                || g.dimension() == Dimension.WEEK || g.dimension() == Dimension.MONTH);
        return answerableFromRollup() && (!timeGroups || zone != null && zone.getRules().isFixedOffset()
                && zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0);
    }

    /** True when the hourly rollup can answer it, so pruned history still counts. */
    public boolean answerableFromRollup() {
        return agent == null && groups.stream().allMatch(g -> g.dimension().inRollup());
    }
}
