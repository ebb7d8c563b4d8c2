package dev.llmcost.report;

import dev.llmcost.pricing.ModelFamily;
import dev.llmcost.pricing.Providers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns summed source groups into report rows: derives family, mode and local day/week/month,
 * merges groups that derive to the same keys, and orders them — time in time order, pinned
 * projects first in pin order, everything else by cost, highest first, nested level by level.
 */
public final class Report {
    /** The report's label for a missing value (no user, no agent …). */
    public static final String NONE = "(none)";

    private final List<GroupBy> groups;
    private final List<GroupedRow> rows;
    private final Totals total;

    private Report(List<GroupBy> groups, List<GroupedRow> rows, Totals total) {
        this.groups = groups;
        this.rows = rows;
        this.total = total;
    }

    /**
     * @param sourceGroups each group's raw column values (by {@code columnOf}) and sums
     * @param pinOrder     pinned project name → position (1 first)
     */
    public static <G> Report build(List<GroupBy> groups, List<G> sourceGroups,
                                   Function<G, Map<String, String>> columnsOf, Function<G, Totals> totalsOf,
                                   Function<GroupBy, String> columnOf, ZoneId zone,
                                   Map<String, Integer> pinOrder) {
        Map<List<String>, Totals> merged = new LinkedHashMap<>();
        Totals total = Totals.ZERO;
        for (G source : sourceGroups) {
            Map<String, String> columns = columnsOf.apply(source);
            List<String> keys = new ArrayList<>(groups.size());
            for (GroupBy group : groups) {
                keys.add(derive(group.dimension(), columns.get(columnOf.apply(group)), zone));
            }
            Totals totals = totalsOf.apply(source);
            merged.merge(keys, totals, Totals::plus);
            total = total.plus(totals);
        }
        List<GroupedRow> rows = new ArrayList<>();
        merged.forEach((keys, totals) -> rows.add(new GroupedRow(List.copyOf(keys), totals)));
        rows.sort(order(groups, rows, pinOrder));
        return new Report(List.copyOf(groups), rows, total);
    }

    static String derive(Dimension dimension, String value, ZoneId zone) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        return switch (dimension) {
            case FAMILY -> ModelFamily.of(value);
            case MODE -> Providers.mode(value);
            case DAY, WEEK, MONTH -> dateKey(dimension, localHour(value, zone).toLocalDate());
            default -> value;
        };
    }

    /** The row key of the day, ISO week or month {@code day} falls in: "2026-12-04", "2026-W49", "2026-12". */
    public static String dateKey(Dimension dimension, LocalDate day) {
        return switch (dimension) {
            case DAY -> day.toString();
            case WEEK -> String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                    day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> day.format(MONTH_KEY);
            default -> throw new IllegalArgumentException(dimension + " is not a time dimension");
        };
    }

    private static final DateTimeFormatter MONTH_KEY = DateTimeFormatter.ofPattern("uuuu-MM");

    private static ZonedDateTime localHour(String utcHour, ZoneId zone) {
        return Instant.parse(utcHour + ":00:00Z").atZone(zone);
    }

    private static Comparator<GroupedRow> order(List<GroupBy> groups, List<GroupedRow> rows,
                                                Map<String, Integer> pinOrder) {
        // cost of every key prefix, so nested groups sort under their parent's total
        Map<List<String>, Long> prefixCost = new HashMap<>();
        for (GroupedRow row : rows) {
            for (int level = 1; level <= groups.size(); level++) {
                prefixCost.merge(row.keys().subList(0, level), row.totals().costNanos(), Long::sum);
            }
        }
        return (a, b) -> {
            for (int level = 0; level < groups.size(); level++) {
                String ka = a.keys().get(level);
                String kb = b.keys().get(level);
                if (ka.equals(kb)) {
                    continue;
                }
                Dimension dimension = groups.get(level).dimension();
                if (dimension.isTime()) {
                    return ka.compareTo(kb);
                }
                if (dimension == Dimension.PROJECT) {
                    int pa = pinOrder.getOrDefault(ka, Integer.MAX_VALUE);
                    int pb = pinOrder.getOrDefault(kb, Integer.MAX_VALUE);
                    if (pa != pb) {
                        return Integer.compare(pa, pb);
                    }
                }
                int byCost = Long.compare(prefixCost.get(b.keys().subList(0, level + 1)),
                        prefixCost.get(a.keys().subList(0, level + 1)));
                return byCost != 0 ? byCost : ka.compareTo(kb);
            }
            return 0;
        };
    }

    public List<GroupBy> groups() {
        return groups;
    }

    public List<GroupedRow> rows() {
        return rows;
    }

    public Totals total() {
        return total;
    }
}
