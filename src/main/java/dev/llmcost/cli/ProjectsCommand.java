package dev.llmcost.cli;

import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.capture.TextFields;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.TextTable;
import dev.llmcost.report.Dimension;
import dev.llmcost.report.GroupBy;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.Totals;
import dev.llmcost.store.ProjectStore;
import dev.llmcost.store.ReportReader;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Command(mixinStandardHelpOptions = true, name = "projects", description = "List projects: pinned first, with this month's calls and cost, the last 30 days' cost and last activity.",
        subcommands = {ProjectsCommand.Rename.class, ProjectsCommand.Remove.class})
public final class ProjectsCommand extends BaseCommand {
    @Mixin
    FormatOptions format;

    @Option(names = "--names", description = "Print only the names, one per line (for completion scripts).")
    boolean namesOnly;

    private record Row(ProjectStore.ProjectInfo info, Totals month, Totals last30Days) {
    }

    @Override
    public Integer call() {
        ZoneId zone = zone();
        Instant now = environment().clock().instant();
        List<Row> rows;
        try (Store store = openStore()) {
            rows = store.read(connection -> {
                Map<String, Totals> month = byProject(connection, BudgetPeriod.MONTHLY.start(now, zone));
                Map<String, Totals> recent = byProject(connection, now.minus(Duration.ofDays(30)));
                List<Row> list = new ArrayList<>();
                for (ProjectStore.ProjectInfo info : new ProjectStore(connection).list()) {
                    list.add(new Row(info, month.getOrDefault(info.name(), Totals.ZERO),
                            recent.getOrDefault(info.name(), Totals.ZERO)));
                }
                return list;
            });
        }
        if (namesOnly) {
            rows.forEach(r -> out().println(dev.llmcost.render.TextTable.visible(r.info().name())));
            return LlmcostException.EXIT_OK;
        }
        switch (format.format) {
            case CSV -> {
                Csv.row(out(), List.of("pinned", "project", "requests_this_month", "cost_this_month_usd",
                        "cost_last_30_days_usd", "last_activity"));
                rows.forEach(r -> Csv.row(out(), List.of(r.info().pinOrder() == null ? "" : r.info().pinOrder().toString(),
                        r.info().name(), Long.toString(r.month().requests()), Money.plain(r.month().costNanos()),
                        Money.plain(r.last30Days().costNanos()),
                        r.info().lastActivity() == null ? "" : r.info().lastActivity().toString())));
            }
            case JSON -> JsonOut.write(out(), json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("projects");
                for (Row r : rows) {
                    json.writeStartObject();
                    json.writeStringField("name", r.info().name());
                    if (r.info().pinOrder() == null) {
                        json.writeNullField("pin_order");
                    } else {
                        json.writeNumberField("pin_order", r.info().pinOrder());
                    }
                    json.writeNumberField("requests_this_month", r.month().requests());
                    json.writeNumberField("cost_this_month_usd", Money.forJson(r.month().costUsd()));
                    json.writeNumberField("cost_last_30_days_usd", Money.forJson(r.last30Days().costUsd()));
                    json.writeStringField("last_activity", r.info().lastActivity() == null ? null : r.info().lastActivity().toString());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            default -> {
                if (rows.isEmpty()) {
                    out().println("No projects yet. Record a call with 'llmcost record', or pin one with 'llmcost pin add NAME'.");
                    return LlmcostException.EXIT_OK;
                }
                DateTimeFormatter when = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(zone);
                TextTable table = new TextTable(List.of("", "Project", "Calls (month)", "Cost (month)", "Cost (30 days)",
                        "Last activity"), new boolean[] {false, false, true, true, true, false});
                for (Row r : rows) {
                    table.add(List.of(r.info().pinOrder() == null ? " " : "★", r.info().name(),
                            Numbers.count(r.month().requests()), Numbers.usdFromNanos(r.month().costNanos()),
                            Numbers.usdFromNanos(r.last30Days().costNanos()),
                            r.info().lastActivity() == null ? "—" : when.format(r.info().lastActivity())));
                }
                table.print(out());
            }
        }
        return LlmcostException.EXIT_OK;
    }

    private static Map<String, Totals> byProject(Connection connection, Instant since) throws SQLException {
        GroupBy project = new GroupBy(Dimension.PROJECT, null);
        Map<String, Totals> totals = new HashMap<>();
        for (ReportReader.Group group : new ReportReader(connection).sum(
                new ReportQuery(List.of(project), since, null, null, null, null, null, null))) {
            totals.put(group.columns().get("project"), group.totals());
        }
        return totals;
    }

    @Command(mixinStandardHelpOptions = true, name = "rename", description = "Rename a project; its rows, pin and budgets follow.")
    static final class Rename extends BaseCommand {
        @Parameters(index = "0", paramLabel = "OLD")
        String from;

        @Parameters(index = "1", paramLabel = "NEW")
        String to;

        @Override
        public Integer call() {
            TextFields.check("NEW", to);
            try (Store store = openStore()) {
                store.write(connection -> {
                    ProjectStore projects = new ProjectStore(connection);
                    if (!projects.exists(from)) {
                        throw LlmcostException.usage("unknown project '" + from + "'");
                    }
                    if (projects.exists(to)) {
                        throw LlmcostException.usage("project '" + to + "' already exists");
                    }
                    projects.rename(from, to);
                    return null;
                });
            }
            err().println("Renamed " + from + " to " + to);
            return LlmcostException.EXIT_OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "remove", description = "Delete a project with all its rows and budgets (needs --yes).")
    static final class Remove extends BaseCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--yes", description = "Really delete.")
        boolean yes;

        @Override
        public Integer call() {
            long removed;
            try (Store store = openStore()) {
                removed = store.write(connection -> {
                    ProjectStore projects = new ProjectStore(connection);
                    if (!projects.exists(name)) {
                        throw LlmcostException.usage("unknown project '" + name + "'");
                    }
                    if (!yes) {
                        throw LlmcostException.usage("removing '" + name + "' deletes all its rows and budgets; "
                                + "run again with --yes");
                    }
                    return projects.remove(name);
                });
            }
            err().println("Removed project " + name + " and its " + Numbers.count(removed) + " call(s)");
            return LlmcostException.EXIT_OK;
        }
    }
}
