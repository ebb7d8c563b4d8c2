package dev.llmcost.cli;

import dev.llmcost.capture.TextFields;
import dev.llmcost.env.DbLocation;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.pricing.Providers;
import dev.llmcost.render.Csv;
import dev.llmcost.render.HtmlReport;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.TextTable;
import dev.llmcost.plan.Plan;
import dev.llmcost.report.Billing;
import dev.llmcost.report.BlockReport;
import dev.llmcost.report.PlanUsage;
import dev.llmcost.report.Blocks;
import dev.llmcost.report.Dimension;
import dev.llmcost.report.GroupBy;
import dev.llmcost.report.GroupedRow;
import dev.llmcost.report.Report;
import dev.llmcost.report.ReportFormat;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.Totals;
import dev.llmcost.report.WhatIf;
import dev.llmcost.store.PlanStore;
import dev.llmcost.store.ProjectStore;
import dev.llmcost.store.ReportReader;
import dev.llmcost.store.Store;
import dev.llmcost.store.WhatIfReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Command(mixinStandardHelpOptions = true, name = "report", sortOptions = false,
        description = "Sum tokens and cost, grouped by model, project, day … over a time range.",
        footer = {
                "",
                "Examples:",
                "  llmcost report --by model --since 7d",
                "  llmcost report --by project --by model --since this-month",
                "  llmcost report --by day --since 30d --format csv > daily.csv",
                "  llmcost report --by block --since today",
        })
public final class ReportCommand extends BaseCommand {
    static final String BY_CHOICES = "model, family, provider, project, user, agent, session, task, "
            + "request-type, mode, tag:KEY, day, week, month, block";

    /** The --by values, for shell completion. */
    public static final class ByCandidates extends ArrayList<String> {
        public ByCandidates() {
            super(List.of(BY_CHOICES.replace("tag:KEY", "tag:").split(", ")));
        }
    }

    @Option(names = "--by", paramLabel = "DIMENSION", split = ",", completionCandidates = ByCandidates.class,
            description = "Group by (repeatable, nests in order): " + BY_CHOICES + " (default: model). "
                    + "block: 5-hour billing blocks with the active block's burn rate, alone.")
    List<String> by = new ArrayList<>();

    @Mixin
    PeriodOptions period;

    @Option(names = "--project", paramLabel = "NAME", description = "Only this project.")
    String project;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model.")
    String model;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider.")
    String provider;

    @Option(names = "--user", paramLabel = "NAME", description = "Only this user.")
    String user;

    @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent.")
    String agent;

    @Mixin
    FormatOptions format;

    @Option(names = "--chart", description = "Add a bar of each row's cost (table format).")
    boolean chart;

    @Option(names = "--price-as", paramLabel = "MODEL", description = "What-if: also show what the same calls would have cost on MODEL (same tokens and times).")
    String priceAs;

    /** How calls are costed: at API prices, or with the plans' agents paid by their subscriptions. */
    enum BillingMode { API, SUBSCRIPTION }

    @Option(names = "--billing", paramLabel = "MODE", defaultValue = "api",
            description = "api (default): every call at API prices. subscription: also what was billed, with the "
                    + "calls of agents that a plan covers ('llmcost plan set') paid by the plan's monthly price, "
                    + "spread over each day of the range.")
    BillingMode billing;

    /** The what-if column, when --price-as is given. */
    private WhatIf whatIf;

    /** The billed column and lines, when --billing subscription is given. */
    private Billing billed;

    @Override
    public Integer call() {
        List<GroupBy> groups = new ArrayList<>();
        for (String text : by.isEmpty() ? List.of("model") : by) {
            try {
                GroupBy group = GroupBy.parse(text);
                if (groups.contains(group)) {
                    throw LlmcostException.usage("--by " + text + " is given twice");
                }
                groups.add(group);
            } catch (IllegalArgumentException e) {
                throw LlmcostException.usage(e.getMessage());
            }
        }
        if (groups.contains(new GroupBy(Dimension.BLOCK, null)) && groups.size() > 1) {
            throw LlmcostException.usage("--by block is a report of its own; it cannot be combined with other --by values");
        }
        ZoneId zone = zone();
        Instant now = environment().clock().instant();
        PeriodOptions.Range range = period.resolve(now, zone);
        ReportQuery query = new ReportQuery(groups, range.since(), range.until(), project, model, provider, user, agent,
                zone);
        if (groups.get(0).dimension() == Dimension.BLOCK) {
            BlockRead read = blocks(query, now);
            BlockReport.print(out(), format.format, chart, read.blocks(), query, now, read.plans());
            return LlmcostException.EXIT_OK;
        }
        Report report;
        Instant prunedBefore;
        try (Store store = openStore()) {
            record Read(List<ReportReader.Group> groups, Map<String, Integer> pins, Instant prunedBefore) {
            }
            Read read = store.read(connection -> new Read(new ReportReader(connection).sum(query),
                    new ProjectStore(connection).pinOrder(), new ProjectStore(connection).prunedBefore()));
            report = Report.build(groups, read.groups(), ReportReader.Group::columns, ReportReader.Group::totals,
                    g -> ReportReader.baseColumn(g, groups.indexOf(g)), zone, read.pins());
            prunedBefore = read.prunedBefore();
            if (billing == BillingMode.SUBSCRIPTION) {
                billed = billing(store, query, report, now);
            }
            if (priceAs != null) {
                whatIf = whatIf(store, query);
                if (prunedBefore != null && (range.since() == null || range.since().isBefore(prunedBefore))) {
                    warn("--price-as prices the events kept: those before " + prunedBefore + " were pruned");
                }
            }
        }
        if (!query.answerableFromRollup() && prunedBefore != null
                && (range.since() == null || range.since().isBefore(prunedBefore))) {
            warn("events before " + prunedBefore + " were pruned; this report covers only the events kept "
                    + "(reports by model, family, provider, project, user, mode, day, week or month cover all history)");
        }
        switch (format.format) {
            case JSON -> json(out(), report, query, whatIf, billed);
            case CSV -> csv(report);
            case HTML -> html(report, query);
            default -> table(report, query);
        }
        return LlmcostException.EXIT_OK;
    }

    /** The blocks of the calls read, and where each plan's agent stands in its own active block. */
    private record BlockRead(Blocks blocks, List<PlanUsage> plans) {
    }

    /** Every call from where blocks may restart before the range up to its end, in a {@link Blocks}. */
    private BlockRead blocks(ReportQuery query, Instant now) {
        record Read(BlockRead blocks, Instant prunedBefore) {
        }
        Read read;
        try (Store store = openStore()) {
            read = store.read(connection -> {
                Blocks blocks = new Blocks(now);
                // A plan's agent's blocks, apart: starting them where all calls' blocks restart is right, since
                // a pause in all calls is a pause in the agent's too.
                Map<String, Blocks> planBlocks = new HashMap<>();
                List<Plan> plans = new PlanStore(connection).all();
                for (Plan plan : plans) {
                    if (query.agent() == null || query.agent().equals(plan.agent())) {
                        planBlocks.put(plan.agent(), new Blocks(now));
                    }
                }
                ReportReader reader = new ReportReader(connection);
                Instant from = query.since() == null ? null : reader.blockRestart(query, query.since(), Blocks.LENGTH, Blocks.LOOK_BACK);
                reader.eachCall(query, from, call -> {
                    blocks.add(call);
                    Blocks ofAgent = planBlocks.get(call.agent());
                    if (ofAgent != null) {
                        ofAgent.add(call);
                    }
                });
                List<PlanUsage> usages = new ArrayList<>();
                for (Plan plan : plans) {
                    Blocks ofAgent = planBlocks.get(plan.agent());
                    PlanUsage usage = ofAgent == null ? null : PlanUsage.of(plan, ofAgent.finish());
                    if (usage != null) {
                        usages.add(usage);
                    }
                }
                return new Read(new BlockRead(blocks, usages), new ProjectStore(connection).prunedBefore());
            });
        }
        Instant prunedBefore = read.prunedBefore();
        if (prunedBefore != null && (query.since() == null || query.since().isBefore(prunedBefore))) {
            warn("events before " + prunedBefore + " were pruned; billing blocks need each call's time, "
                    + "so they cover only the events kept");
        }
        return read.blocks();
    }

    /** --billing subscription: the report again over each plan's agent, and the plans spread over the range's days. */
    private Billing billing(Store store, ReportQuery query, Report report, Instant now) {
        List<GroupBy> groups = query.groups();
        return store.read(connection -> {
            List<Plan> plans = new PlanStore(connection).all();
            if (plans.isEmpty()) {
                throw LlmcostException.usage("--billing subscription: no plan set (see 'llmcost plan set --help')");
            }
            ReportReader reader = new ReportReader(connection);
            Map<String, Report> covered = new HashMap<>();
            for (Plan plan : plans) {
                if (query.agent() == null || query.agent().equals(plan.agent())) {
                    ReportQuery ofAgent = new ReportQuery(groups, query.since(), query.until(), query.project(),
                            query.model(), query.provider(), query.user(), plan.agent(), query.zone());
                    covered.put(plan.agent(), Report.build(groups, reader.sum(ofAgent), ReportReader.Group::columns,
                            ReportReader.Group::totals, g -> ReportReader.baseColumn(g, groups.indexOf(g)),
                            query.zone(), Map.of()));
                }
            }
            Instant first = query.since() != null ? query.since() : reader.firstHour();
            Instant end = query.until() != null && query.until().isBefore(now) ? query.until() : now;
            if (first == null || !first.isBefore(end)) {
                first = end;
            }
            return Billing.of(plans, report, covered, first.atZone(query.zone()).toLocalDate(),
                    end.minusNanos(1).atZone(query.zone()).toLocalDate());
        });
    }

    /** --price-as: the report's calls priced as if they had gone to that model. */
    private WhatIf whatIf(Store store, ReportQuery query) {
        String target = TextFields.check("--price-as", priceAs);
        Pricer pricer = DbLocation.pricer(environment());
        String targetProvider = Providers.infer(target);
        if (pricer.resolve(targetProvider, target).isEmpty()) {
            throw LlmcostException.usage("--price-as: no price known for model '" + target + "' (see 'llmcost prices "
                    + target + "')");
        }
        List<GroupBy> groups = query.groups();
        for (GroupBy group : groups) {
            if (group.dimension() == Dimension.TAG) {
                throw LlmcostException.usage("--price-as cannot group by tags; use --by model, project, day …");
            }
        }
        WhatIf whatIf = new WhatIf(target, targetProvider, pricer);
        store.read(connection -> {
            new WhatIfReader(connection).calls(query, whatIf::add);
            return null;
        });
        whatIf.finish(groups, g -> ReportReader.baseColumn(g, groups.indexOf(g)), query.zone());
        return whatIf;
    }

    private static final List<String> TOTAL_COLUMNS = List.of("requests", "input_tokens", "output_tokens",
            "cache_write_tokens", "cache_read_tokens", "reasoning_tokens", "cost_usd", "unpriced_requests");

    private static List<String> totalCells(Totals t) {
        return List.of(Long.toString(t.requests()), Long.toString(t.inputTokens()), Long.toString(t.outputTokens()),
                Long.toString(t.cacheWriteTokens()), Long.toString(t.cacheReadTokens()),
                Long.toString(t.reasoningTokens()), Money.plain(t.costNanos()), Long.toString(t.unpricedRequests()));
    }

    private void csv(Report report) {
        List<String> header = new ArrayList<>();
        report.groups().forEach(g -> header.add(g.column()));
        header.addAll(TOTAL_COLUMNS);
        if (whatIf != null) {
            header.addAll(List.of("cost_as_usd", "unpriced_as_requests"));
        }
        boolean billedRows = billed != null && billed.perRow();
        if (billedRows) {
            header.add("billed_usd");
        }
        Csv.row(out(), header);
        for (GroupedRow row : report.rows()) {
            List<String> cells = new ArrayList<>(row.keys());
            cells.addAll(totalCells(row.totals()));
            if (whatIf != null) {
                cells.addAll(List.of(Money.plain(whatIf.row(row).costUsd()), Long.toString(whatIf.row(row).unpricedRequests())));
            }
            if (billedRows) {
                cells.add(Money.plain(billed.rowNanos(row)));
            }
            Csv.row(out(), cells);
        }
    }

    private static void json(PrintWriter out, Report report, ReportQuery query, WhatIf whatIf, Billing billed) {
        JsonOut.write(out, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("group_by");
            for (GroupBy group : report.groups()) {
                json.writeString(group.label());
            }
            json.writeEndArray();
            json.writeStringField("since", query.since() == null ? null : query.since().toString());
            json.writeStringField("until", query.until() == null ? null : query.until().toString());
            json.writeStringField("time_zone", query.zone().getId());
            if (whatIf != null) {
                json.writeStringField("price_as", whatIf.model());
            }
            json.writeArrayFieldStart("rows");
            for (GroupedRow row : report.rows()) {
                json.writeStartObject();
                for (int i = 0; i < row.keys().size(); i++) {
                    json.writeStringField(report.groups().get(i).column(), row.keys().get(i));
                }
                ReportFormat.totalsFields(json, row.totals());
                if (whatIf != null) {
                    json.writeNumberField("cost_as_usd", Money.forJson(whatIf.row(row).costUsd()));
                    json.writeNumberField("unpriced_as_requests", whatIf.row(row).unpricedRequests());
                }
                if (billed != null && billed.perRow()) {
                    json.writeNumberField("billed_usd", Money.forJson(Money.fromNanos(billed.rowNanos(row))));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("total");
            ReportFormat.totalsFields(json, report.total());
            if (whatIf != null) {
                json.writeNumberField("cost_as_usd", Money.forJson(whatIf.total().costUsd()));
                json.writeNumberField("unpriced_as_requests", whatIf.total().unpricedRequests());
            }
            if (billed != null) {
                json.writeNumberField("billed_usd", Money.forJson(Money.fromNanos(billed.billedNanos())));
            }
            json.writeEndObject();
            if (billed != null) {
                json.writeArrayFieldStart("subscriptions");
                for (Billing.PlanBill bill : billed.plans()) {
                    json.writeStartObject();
                    json.writeStringField("vendor", bill.plan().vendor());
                    json.writeStringField("plan", bill.plan().name());
                    json.writeStringField("title", bill.plan().title());
                    json.writeStringField("agent", bill.plan().agent());
                    json.writeNumberField("monthly_usd", Money.forJson(bill.plan().monthlyUsd()));
                    json.writeStringField("from", bill.from().toString());
                    json.writeStringField("to", bill.to().toString());
                    json.writeNumberField("days", bill.days());
                    json.writeNumberField("subscription_usd", Money.forJson(Money.fromNanos(bill.subscriptionNanos())));
                    json.writeNumberField("api_equivalent_usd", Money.forJson(Money.fromNanos(bill.apiEquivalentNanos())));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    /** One self-contained page: this report's JSON, and the spend per day stacked by its first non-time group. */
    private void html(Report report, ReportQuery query) {
        GroupBy stackBy = report.groups().stream().filter(g -> !g.dimension().isTime()).findFirst()
                .orElse(GroupBy.parse("model"));
        List<GroupBy> stackGroups = List.of(GroupBy.parse("day"), stackBy);
        ReportQuery daily = query.withGroups(stackGroups);
        Report stack;
        try (Store store = openStore()) {
            stack = store.read(connection -> Report.build(stackGroups, new ReportReader(connection).sum(daily),
                    ReportReader.Group::columns, ReportReader.Group::totals,
                    g -> ReportReader.baseColumn(g, stackGroups.indexOf(g)), query.zone(), new ProjectStore(connection).pinOrder()));
        }
        java.io.StringWriter reportJson = new java.io.StringWriter();
        java.io.StringWriter stackJson = new java.io.StringWriter();
        json(new PrintWriter(reportJson), report, query, whatIf, billed);
        json(new PrintWriter(stackJson), stack, query, null, null);
        HtmlReport.write(out(), reportJson.toString(), stackJson.toString(), ReportFormat.describeRange(query),
                environment().clock().instant());
    }

    private void table(Report report, ReportQuery query) {
        PrintWriter out = out();
        String covered = ReportFormat.describeRange(query);
        if (report.rows().isEmpty()) {
            out.println("No usage recorded " + (query.since() == null && query.until() == null ? "yet" : covered)
                    + ". Record calls with 'llmcost record' (see 'llmcost record --help').");
            return;
        }
        out.println("Usage by " + String.join(" › ", report.groups().stream().map(GroupBy::label).toList())
                + ", " + covered);
        boolean unpriced = report.total().unpricedRequests() > 0;
        List<String> headers = new ArrayList<>();
        report.groups().forEach(g -> headers.add(capitalize(g.label())));
        headers.addAll(List.of("Requests", "Input", "Output", "Cache write", "Cache read", "Reasoning", "Cost"));
        if (unpriced) {
            headers.add("Unpriced");
        }
        if (whatIf != null) {
            headers.add("As " + whatIf.model());
        }
        boolean billedRows = billed != null && billed.perRow();
        if (billedRows) {
            headers.add("Billed");
        }
        if (chart) {
            headers.add("");
        }
        boolean[] numeric = new boolean[headers.size()];
        for (int i = report.groups().size(); i < numeric.length - (chart ? 1 : 0); i++) {
            numeric[i] = true;
        }
        TextTable table = new TextTable(headers, numeric);
        long maxCost = report.rows().stream().mapToLong(r -> r.totals().costNanos()).max().orElse(0);
        for (GroupedRow row : report.rows()) {
            List<String> cells = new ArrayList<>(row.keys());
            cells.addAll(tableCells(row.totals(), unpriced));
            if (whatIf != null) {
                cells.add(Numbers.usd(whatIf.row(row).costUsd()));
            }
            if (billedRows) {
                cells.add(Numbers.usdFromNanos(billed.rowNanos(row)));
            }
            if (chart) {
                cells.add(Numbers.bar(maxCost == 0 ? 0 : (double) row.totals().costNanos() / maxCost, 20));
            }
            table.add(cells);
        }
        List<String> footer = new ArrayList<>();
        footer.add("Total");
        for (int i = 1; i < report.groups().size(); i++) {
            footer.add("");
        }
        footer.addAll(tableCells(report.total(), unpriced));
        if (whatIf != null) {
            footer.add(Numbers.usd(whatIf.total().costUsd()));
        }
        if (billedRows) {
            footer.add(Numbers.usdFromNanos(billed.billedNanos()));
        }
        if (chart) {
            footer.add("");
        }
        table.footer(footer);
        table.print(out);
        if (billed != null) {
            for (Billing.PlanBill bill : billed.plans()) {
                out.println(bill.plan().title() + " ($" + bill.plan().monthlyUsd().setScale(2, java.math.RoundingMode.HALF_EVEN)
                        .toPlainString() + "/month): " + Numbers.usdFromNanos(bill.subscriptionNanos()) + " for "
                        + bill.days() + " day(s), " + bill.from() + " to " + bill.to() + "; its " + bill.plan().agent()
                        + " calls would have cost " + Numbers.usdFromNanos(bill.apiEquivalentNanos()) + " at API prices.");
            }
            long withoutRows = billed.billedNanos();
            for (GroupedRow row : report.rows()) {
                withoutRows -= billedRows ? billed.rowNanos(row) : 0;
            }
            out.println("Billed: " + Numbers.usdFromNanos(billed.billedNanos()) + " (plans for their agents' calls, "
                    + "API prices for the rest) against " + Numbers.usdFromNanos(report.total().costNanos()) + " at API prices"
                    + (billedRows && withoutRows != 0 ? "; " + Numbers.usdFromNanos(withoutRows)
                    + " of it is the plans' share of days without calls." : "."));
        }
        if (unpriced) {
            out.println(Numbers.count(report.total().unpricedRequests())
                    + " call(s) have no known price and are not in the cost; see 'llmcost prices'.");
        }
    }

    private static List<String> tableCells(Totals t, boolean unpriced) {
        List<String> cells = new ArrayList<>(List.of(Numbers.count(t.requests()), Numbers.count(t.inputTokens()),
                Numbers.count(t.outputTokens()), Numbers.count(t.cacheWriteTokens()),
                Numbers.count(t.cacheReadTokens()), Numbers.count(t.reasoningTokens()),
                t.unpricedRequests() == t.requests() ? "n/a" : Numbers.usdFromNanos(t.costNanos())));
        if (unpriced) {
            cells.add(t.unpricedRequests() == 0 ? "" : Numbers.count(t.unpricedRequests()));
        }
        return cells;
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
