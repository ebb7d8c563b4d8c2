package dev.llmcost.web;

import dev.llmcost.capture.CallRecorder;
import dev.llmcost.capture.IncomingCall;
import dev.llmcost.capture.UsageBody;
import dev.llmcost.env.DbLocation;
import dev.llmcost.env.Environment;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.otlp.MalformedTelemetry;
import dev.llmcost.otlp.OtlpReader;
import dev.llmcost.otlp.TelemetryCalls;
import dev.llmcost.otlp.TelemetryRecord;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.render.JsonOut;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.render.PrometheusText;
import dev.llmcost.report.GroupBy;
import dev.llmcost.report.GroupedRow;
import dev.llmcost.report.Report;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.Totals;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.ReportReader;
import dev.llmcost.store.RecentCalls;
import dev.llmcost.store.TokenStore;
import dev.llmcost.model.ApiToken;
import dev.llmcost.store.Store;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The API's answers. The GETs run the very commands whose {@code --format json} they mirror, in this
 * process ({@link CommandRunner}), so the API and the CLI cannot drift; POST stores through
 * {@link CallRecorder}, as record does.
 */
public final class WebBackend implements Backend {
    /** Query parameter → the report flag it sets ({@code from_date}/{@code to_date} as older dashboards named them). */
    private static final Map<String, String> USAGE_PARAMETERS = new LinkedHashMap<>();

    static {
        USAGE_PARAMETERS.put("group_by", "--by");
        USAGE_PARAMETERS.put("since", "--since");
        USAGE_PARAMETERS.put("until", "--until");
        USAGE_PARAMETERS.put("from_date", "--since");
        USAGE_PARAMETERS.put("to_date", "--until");
        USAGE_PARAMETERS.put("project", "--project");
        USAGE_PARAMETERS.put("model", "--model");
        USAGE_PARAMETERS.put("provider", "--provider");
        USAGE_PARAMETERS.put("user", "--user");
        USAGE_PARAMETERS.put("agent", "--agent");
        USAGE_PARAMETERS.put("tz", "--tz");
    }

    private static final int MAX_RECENT_CALLS = 500;

    private final Environment environment;
    private final CommandRunner commands;
    private final String db;
    private final Path dbFile;
    /** Budget checks after writes and every half minute, on one daemon thread; null without a webhook. */
    private java.util.concurrent.ScheduledExecutorService alerting;
    private BudgetAlerts alerts;
    private final Supplier<Store> opener;
    private final String tz;
    private final Supplier<ZoneId> zone;
    private final ThreadLocal<Store> stores = new ThreadLocal<>();
    private final Object writeLock = new Object();
    private final List<Store> opened = new ArrayList<>();

    /**
     * @param db     the database as commands take it ({@code --db}): a file path or a postgresql:// URL
     * @param dbFile the database file, whose changes {@link #changes} watches; null for a team database
     * @param opener opens a connection to it (one per worker thread, kept open)
     */
    public WebBackend(Environment environment, CommandRunner commands, String db, Path dbFile, Supplier<Store> opener,
                      String tz, Supplier<ZoneId> zone) {
        this.environment = environment;
        this.commands = commands;
        this.db = db;
        this.dbFile = dbFile;
        this.opener = opener;
        this.tz = tz;
        this.zone = zone;
    }

    @Override
    public Reply usage(Map<String, String> query) {
        List<String> args = new ArrayList<>(List.of("report", "--format", "json"));
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            String flag = USAGE_PARAMETERS.get(parameter.getKey());
            if (flag == null) {
                return Reply.error(400, "unknown parameter '" + parameter.getKey() + "' (known: "
                        + String.join(", ", USAGE_PARAMETERS.keySet()) + ")");
            }
            args.add(flag + "=" + parameter.getValue()); // one argument: a value can never become an option
        }
        return command(args);
    }

    @Override
    public Reply budgets(Map<String, String> query) {
        List<String> args = new ArrayList<>(List.of("budget", "status", "--format", "json"));
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            switch (parameter.getKey()) {
                case "project" -> args.add("--project=" + parameter.getValue());
                case "user" -> args.add("--user=" + parameter.getValue());
                default -> {
                    return Reply.error(400, "unknown parameter '" + parameter.getKey() + "' (known: project, user)");
                }
            }
        }
        return command(args);
    }

    @Override
    public Reply projects(Map<String, String> query) {
        if (!query.isEmpty()) {
            return Reply.error(400, "unknown parameter '" + query.keySet().iterator().next() + "' (none are taken)");
        }
        return command(List.of("projects", "--format", "json"));
    }

    @Override
    public Reply calls(Map<String, String> query) {
        int limit = 20;
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            if (!parameter.getKey().equals("limit")) {
                return Reply.error(400, "unknown parameter '" + parameter.getKey() + "' (known: limit)");
            }
            try {
                limit = Integer.parseInt(parameter.getValue());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_RECENT_CALLS) {
                return Reply.error(400, "limit: expected 1 to " + MAX_RECENT_CALLS + ", got '" + parameter.getValue() + "'");
            }
        }
        int count = limit;
        return answer(() -> {
            List<UsageEvent> calls = store().read(connection -> new RecentCalls(connection).latest(count));
            StringWriter text = new StringWriter();
            JsonOut.write(new PrintWriter(text), json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("calls");
                for (UsageEvent call : calls) {
                    json.writeStartObject();
                    json.writeStringField("occurred_at", call.occurredAt().toString());
                    json.writeStringField("project", call.project());
                    json.writeStringField("provider", call.provider());
                    json.writeStringField("model", call.model());
                    json.writeNumberField("input_tokens", call.tokens().input());
                    json.writeNumberField("output_tokens", call.tokens().output());
                    json.writeNumberField("cache_write_tokens", call.tokens().cacheWrite());
                    json.writeNumberField("cache_read_tokens", call.tokens().cacheRead());
                    json.writeNumberField("reasoning_tokens", call.tokens().reasoning());
                    if (call.costUsd() == null) {
                        json.writeNullField("cost_usd");
                    } else {
                        json.writeNumberField("cost_usd", Money.forJson(call.costUsd()));
                    }
                    json.writeStringField("cost_source", call.costSource().dbName());
                    json.writeStringField("user", call.origin().user());
                    json.writeStringField("session", call.origin().session());
                    json.writeStringField("agent", call.origin().agent());
                    json.writeStringField("id", call.eventKey());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            return new Reply(200, text.toString());
        });
    }

    /**
     * Prometheus metrics: all-time sums by provider, model, project and user (from the rollups, so pruned history
     * counts), and each budget's spend and limit in its current period.
     */
    /** Announces budget crossings to {@code alerts}' webhook: after each write and every {@code everyMs}. */
    public void alertTo(BudgetAlerts alerts, long everyMs) {
        this.alerts = alerts;
        this.alerting = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "llmcost-budget-alerts");
            thread.setDaemon(true);
            return thread;
        });
        alerting.scheduleWithFixedDelay(this::checkBudgets, 0, everyMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void afterWrite() {
        if (alerting != null) {
            alerting.execute(this::checkBudgets);
        }
    }

    private void checkBudgets() {
        try {
            alerts.check(store());
        } catch (RuntimeException e) {
            // a busy or unreachable database: the next check tries again
        }
    }

    @Override
    public Reply metrics() {
        return answer(() -> {
            List<GroupBy> groups = List.of(GroupBy.parse("provider"), GroupBy.parse("model"), GroupBy.parse("project"),
                    GroupBy.parse("user"));
            Instant now = environment.clock().instant();
            record Read(Report report, List<BudgetStatus> budgets) {
            }
            Read read = store().read(connection -> {
                ReportQuery query = new ReportQuery(groups, null, null, null, null, null, null, null, zone.get());
                Report report = Report.build(groups, new ReportReader(connection).sum(query), ReportReader.Group::columns,
                        ReportReader.Group::totals, g -> ReportReader.baseColumn(g, groups.indexOf(g)), zone.get(),
                        Map.of());
                BudgetStore budgets = new BudgetStore(connection);
                return new Read(report, budgets.statuses(budgets.list(null, null), now, zone.get()));
            });
            PrometheusText text = new PrometheusText()
                    .family("llmcost_cost_usd_total", "counter", "Cost of the calls recorded, in USD (priced calls only).")
                    .family("llmcost_requests_total", "counter", "Calls recorded.")
                    .family("llmcost_unpriced_requests_total", "counter", "Calls recorded without a known price.")
                    .family("llmcost_tokens_total", "counter", "Tokens of the calls recorded, by kind (output includes reasoning).")
                    .family("llmcost_budget_spent_usd", "gauge", "Spend counted against a budget in its current period, in USD.")
                    .family("llmcost_budget_limit_usd", "gauge", "A budget's limit for its period, in USD.")
                    .family("llmcost_budget_alert_ratio", "gauge", "The share of the limit at which a budget alerts.");
            for (GroupedRow row : read.report().rows()) {
                String[] labels = {"provider", row.keys().get(0), "model", row.keys().get(1), "project", row.keys().get(2),
                        "user", row.keys().get(3)};
                Totals t = row.totals();
                text.sample("llmcost_cost_usd_total", Money.plain(t.costNanos()), labels)
                        .sample("llmcost_requests_total", Long.toString(t.requests()), labels)
                        .sample("llmcost_unpriced_requests_total", Long.toString(t.unpricedRequests()), labels);
                String[][] kinds = {{"input", Long.toString(t.inputTokens())}, {"output", Long.toString(t.outputTokens())},
                        {"cache_write", Long.toString(t.cacheWriteTokens())}, {"cache_read", Long.toString(t.cacheReadTokens())},
                        {"reasoning", Long.toString(t.reasoningTokens())}};
                for (String[] kind : kinds) {
                    String[] withKind = java.util.Arrays.copyOf(labels, labels.length + 2);
                    withKind[labels.length] = "kind";
                    withKind[labels.length + 1] = kind[0];
                    text.sample("llmcost_tokens_total", kind[1], withKind);
                }
            }
            for (BudgetStatus status : read.budgets()) {
                String[] labels = {"scope", status.budget().scope().dbName(),
                        "subject", status.budget().subject() == null ? "" : status.budget().subject(),
                        "period", status.budget().period().dbName()};
                text.sample("llmcost_budget_spent_usd", status.spentUsd().toPlainString(), labels)
                        .sample("llmcost_budget_limit_usd", status.budget().limitUsd().toPlainString(), labels)
                        .sample("llmcost_budget_alert_ratio", java.math.BigDecimal.valueOf(status.budget().alertPercent(), 2)
                                .toPlainString(), labels);
            }
            return Reply.bytes(200, "text/plain; version=0.0.4; charset=utf-8",
                    text.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
    }

    @Override
    public Reply changes() {
        StringBuilder stamp = new StringBuilder();
        if (dbFile == null) {
            // a team database: the newest call's id and what prune and budgets last changed (no file to stat)
            return answer(() -> new Reply(200, "{\"stamp\": \"" + store().read(connection -> {
                try (var statement = connection.createStatement(); var rs = statement.executeQuery(
                        "SELECT (SELECT coalesce(max(id), 0) FROM events), (SELECT count(*) FROM budgets), "
                                + "(SELECT coalesce(max(value), '') FROM settings WHERE key = 'pruned_before')")) {
                    rs.next();
                    return rs.getLong(1) + "-" + rs.getLong(2) + "-" + rs.getString(3).replaceAll("[^0-9TZ:.-]", "");
                }
            }) + "\"}\n"));
        }
        for (Path file : List.of(dbFile, Path.of(dbFile + "-wal"))) {
            try {
                java.nio.file.attribute.BasicFileAttributes attributes = java.nio.file.Files.readAttributes(file,
                        java.nio.file.attribute.BasicFileAttributes.class);
                stamp.append(attributes.lastModifiedTime().toInstant().toEpochMilli() * 1_000_000
                        + attributes.lastModifiedTime().toInstant().getNano() % 1_000_000).append('-')
                        .append(attributes.size()).append(';');
            } catch (java.io.IOException e) {
                stamp.append("none;");
            }
        }
        return new Reply(200, "{\"stamp\": \"" + stamp + "\"}\n");
    }

    @Override
    public Reply telemetry(boolean traces, byte[] body, boolean json, String user) {
        List<TelemetryRecord> records;
        try {
            records = traces ? OtlpReader.spans(body, json) : OtlpReader.logs(body, json);
        } catch (MalformedTelemetry e) {
            return Reply.error(400, e.getMessage());
        }
        return answer(() -> {
            Pricer pricer = DbLocation.pricer(environment);
            List<UsageEvent> events = new ArrayList<>();
            long rejected = 0;
            String why = "";
            for (TelemetryRecord record : records) {
                try {
                    Optional<IncomingCall> call = TelemetryCalls.of(record, user);
                    if (call.isPresent()) {
                        if (call.get().model() == null) {
                            throw new IllegalArgumentException(record.name() + " names no model");
                        }
                        events.add(CallRecorder.priced(call.get(), pricer));
                    }
                } catch (IllegalArgumentException e) {
                    rejected++;
                    why = e.getMessage();
                }
            }
            if (!events.isEmpty()) {
                synchronized (writeLock) {
                    CallRecorder.store(store(), environment.clock(), events);
                }
                afterWrite();
            }
            return Reply.bytes(200, json ? "application/json" : "application/x-protobuf",
                    OtlpReader.response(traces, rejected, why, json));
        });
    }

    @Override
    public Optional<ApiToken> token(String secret) {
        try {
            return store().read(connection -> new TokenStore(connection).find(secret));
        } catch (LlmcostException e) {
            return Optional.empty();
        }
    }

    @Override
    public Reply record(byte[] body, Map<String, String> query) {
        return answer(() -> {
            Instant now = environment.clock().instant();
            List<String> warnings = new ArrayList<>();
            CallRecorder recorder = new CallRecorder(environment, zone, warnings::add);
            List<UsageEvent> events = new ArrayList<>();
            for (UsageBody.Item item : UsageBody.read(body, query)) {
                events.addAll(recorder.events(item.request(), now, "default", item::calls));
            }
            List<Boolean> stored;
            synchronized (writeLock) { // queue here rather than in SQLite's busy handler, which sleeps in steps
                stored = CallRecorder.store(store(), environment.clock(), events);
            }
            long added = stored.stream().filter(s -> s).count();
            if (added > 0) {
                afterWrite();
            }
            StringWriter text = new StringWriter();
            JsonOut.write(new PrintWriter(text), json -> {
                json.writeStartObject();
                json.writeNumberField("recorded", added);
                json.writeNumberField("already_recorded", events.size() - added);
                json.writeArrayFieldStart("calls");
                for (int i = 0; i < events.size(); i++) {
                    UsageEvent event = events.get(i);
                    json.writeStartObject();
                    json.writeStringField("id", event.eventKey());
                    json.writeStringField("status", stored.get(i) ? "recorded" : "already recorded");
                    json.writeStringField("project", event.project());
                    json.writeStringField("provider", event.provider());
                    json.writeStringField("model", event.model());
                    if (event.costUsd() == null) {
                        json.writeNullField("cost_usd");
                    } else {
                        json.writeNumberField("cost_usd", Money.forJson(event.costUsd()));
                    }
                    json.writeStringField("cost_source", event.costSource().dbName());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeArrayFieldStart("warnings");
                for (String warning : warnings) {
                    json.writeString(warning);
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            return new Reply(added > 0 ? 201 : 200, text.toString());
        });
    }

    /**
     * This worker thread's connection, kept open: closing the last connection to a WAL database checkpoints
     * it, and doing that after every POST made each one cost tens of milliseconds.
     */
    private Store store() {
        Store store = stores.get();
        if (store == null) {
            store = opener.get();
            stores.set(store);
            synchronized (opened) {
                opened.add(store);
            }
        }
        return store;
    }

    @Override
    public void close() {
        if (alerting != null) {
            alerting.shutdownNow();
        }
        synchronized (opened) {
            opened.forEach(Store::close);
            opened.clear();
        }
    }

    /** Runs an llmcost command line in this process; its stdout is the reply, its one-line error a 400. */
    private Reply command(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--db", db));
        if (tz != null) {
            all.add("--tz=" + tz);
        }
        all.addAll(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = commands.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        if (code == LlmcostException.EXIT_USAGE) {
            return Reply.error(400, firstLine(err.toString()).replaceFirst("^llmcost: ", "")
                    .replaceFirst(" \\(see 'llmcost [a-z ]+--help'\\)$", ""));
        }
        if (code == LlmcostException.EXIT_RUNTIME) {
            return Reply.error(500, firstLine(err.toString()).replaceFirst("^llmcost: ", ""));
        }
        return new Reply(200, out.toString()); // budget status exits 3 or 4 with a whole document too
    }

    private static Reply answer(Supplier<Reply> work) {
        try {
            return work.get();
        } catch (LlmcostException e) {
            return Reply.error(e.exitCode() == LlmcostException.EXIT_USAGE ? 400 : 500, e.getMessage());
        }
    }

    private static String firstLine(String text) {
        return text.lines().filter(l -> !l.startsWith("llmcost: warning:")).findFirst().orElse("failed");
    }
}
