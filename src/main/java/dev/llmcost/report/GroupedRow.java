package dev.llmcost.report;

import java.util.List;

/** One row of a report: the group's key values (in --by order) and its sums. */
public record GroupedRow(List<String> keys, Totals totals) {
}
