package dev.llmcost.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.capture.TimeSpec;
import dev.llmcost.env.DbLocation;
import dev.llmcost.ingest.AgentLog;
import dev.llmcost.ingest.AgentLogs;
import dev.llmcost.ingest.ClaudeCodeLog;
import dev.llmcost.ingest.Ingester;
import dev.llmcost.ingest.StatuslineInput;
import dev.llmcost.ingest.StatuslineJson;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.render.Numbers;
import dev.llmcost.plan.Plan;
import dev.llmcost.report.Blocks;
import dev.llmcost.report.PlanUsage;
import dev.llmcost.report.ReportQuery;
import dev.llmcost.report.Totals;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.PlanStore;
import dev.llmcost.store.ReportReader;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Claude Code's status line: reads its statusLine JSON on stdin, ingests that session's transcript
 * (only what was appended since the last refresh) and prints one line. It runs on every refresh, so
 * it never fails the line: every problem becomes a short note on the line, the exit code is 0, and a
 * busy database is waited on for at most {@link #LOCK_WAIT_MS}.
 */
@Command(mixinStandardHelpOptions = true, name = "statusline", sortOptions = false,
        description = "Print one status line for Claude Code: model, this session's cost, today's cost, "
                + "the tightest budget. Reads Claude Code's statusLine JSON on stdin and ingests its transcript.",
        footer = {
                "",
                "In ~/.claude/settings.json:",
                "  \"statusLine\": {\"type\": \"command\", \"command\": \"llmcost statusline\"}",
                "",
                "Always exits 0: a problem is shown on the line (Claude Code blanks the line on a failure).",
        })
public final class StatuslineCommand extends BaseCommand {
    /** How long a refresh waits for stdin, and for another writer's lock, before printing what it has. */
    static final long STDIN_WAIT_MS = 2_000;
    static final long LOCK_WAIT_MS = 1_000;
    /** How far back the statusline looks for blocks when a plan's limit is the largest block seen. */
    static final java.time.Duration PLAN_LOOK_BACK = java.time.Duration.ofDays(7);

    @Override
    public Integer call() {
        String line;
        try {
            line = line();
        } catch (RuntimeException e) {
            line = "llmcost: " + message(e);
            debug(e);
        }
        out().println(line);
        return LlmcostException.EXIT_OK;
    }

    private String line() {
        StatuslineInput input = input();
        if (input == null) {
            return "llmcost: statusline reads Claude Code's statusLine JSON on stdin";
        }
        String model = input.model();
        String session = input.session();
        String transcript = input.transcript();
        List<String> parts = new ArrayList<>();
        if (model != null) {
            parts.add(model);
        }
        List<String> notes = new ArrayList<>();
        ZoneId zone = zone();
        Instant now = environment().clock().instant();
        Instant today = TimeSpec.resolve("today", "today", now, zone, false);
        var server = postgres();
        try (Store store = server != null
                ? Store.openPostgres(server, environment().clock(), Math.min(LOCK_WAIT_MS, DbLocation.lockWaitMs(environment())))
                : Store.open(dbPath(), environment().clock(), DbLocation.cacheDir(environment()),
                Math.min(LOCK_WAIT_MS, DbLocation.lockWaitMs(environment())))) {
            if (transcript != null) {
                try {
                    ingest(store, transcript);
                } catch (RuntimeException e) {
                    notes.add("not updated: " + message(e));
                    debug(e);
                }
            }
            record Read(Totals session, Totals today, BudgetStatus tightest, PlanUsage plan) {
            }
            Read read = store.read(connection -> {
                ReportReader reader = new ReportReader(connection);
                Totals sessionTotals = session == null ? null : reader.session(session);
                Totals todayTotals = reader.sum(new ReportQuery(List.of(), today, null, null, null, null, null, null, zone))
                        .stream().map(ReportReader.Group::totals).reduce(Totals.ZERO, Totals::plus);
                BudgetStore budgets = new BudgetStore(connection);
                BudgetStatus tightest = budgets.statuses(budgets.list(null, null), now, zone).stream()
                        .max((a, b) -> a.percentUsed().compareTo(b.percentUsed())).orElse(null);
                return new Read(sessionTotals, todayTotals, tightest, planUsage(reader, new PlanStore(connection).all(),
                        now, zone));
            });
            if (read.session() != null) {
                parts.add("session " + Numbers.usdFromNanos(read.session().costNanos()));
            }
            parts.add("today " + Numbers.usdFromNanos(read.today().costNanos()));
            if (read.tightest() != null) {
                BudgetStatus b = read.tightest();
                parts.add(b.budget().describe() + " " + b.budget().period().dbName() + " budget "
                        + b.percentUsed().toPlainString() + "%"
                        + (b.state() == BudgetStatus.State.OK ? "" : " " + b.state().name().toLowerCase(Locale.ROOT)));
            }
            if (read.plan() != null && read.plan().percent() != null) {
                PlanUsage plan = read.plan();
                parts.add(plan.plan().name() + " block " + plan.percent() + "%"
                        + (plan.projectedPercent() == null ? "" : " →" + plan.projectedPercent() + "%"));
            }
        } catch (RuntimeException e) {
            notes.add(message(e));
            debug(e);
        }
        StringBuilder line = new StringBuilder(String.join(" · ", parts));
        for (String note : notes) {
            line.append(line.length() == 0 ? "" : " ").append("(llmcost: ").append(note).append(')');
        }
        return line.toString();
    }

    /**
     * Where Claude Code's active 5-hour block stands against the Claude plan, if one is set: its blocks of the
     * last {@link #PLAN_LOOK_BACK} (the largest of them stands in for an unpublished limit).
     */
    private static PlanUsage planUsage(ReportReader reader, List<Plan> plans, Instant now, ZoneId zone)
            throws java.sql.SQLException {
        for (Plan plan : plans) {
            if (plan.agent().equals(ClaudeCodeLog.NAME)) {
                Instant since = now.minus(PLAN_LOOK_BACK);
                ReportQuery query = new ReportQuery(List.of(), since, null, null, null, null, null, plan.agent(), zone);
                Blocks blocks = new Blocks(now);
                reader.eachCall(query, reader.blockRestart(query, since, Blocks.LENGTH, Blocks.LOOK_BACK), blocks::add);
                return PlanUsage.of(plan, blocks.finish());
            }
        }
        return null;
    }

    /**
     * Reads the transcript's new lines. One place, so that a change in how one transcript is ingested
     * (the ingest framework) is made here alone.
     */
    private void ingest(Store store, String transcript) {
        AgentLog log = AgentLogs.byName("claude-code").orElseThrow();
        Path file;
        try {
            file = log.hookFile(JsonNodeFactory.instance.objectNode().put("transcript_path", transcript),
                    log.defaultRoots(IngestAgentCommand.env(environment())), IngestAgentCommand.env(environment()));
        } catch (IllegalArgumentException e) {
            throw LlmcostException.usage(e.getMessage());
        }
        Ingester.Tally tally = new Ingester(store, () -> IngestAgentCommand.pricer(environment()), environment().clock())
                .ingest(log, List.of(file), null);
        if (tally.unreadableLines > 0) {
            throw LlmcostException.usage(tally.unreadableLines + " unreadable line(s) in " + file.getFileName());
        }
    }

    /** stdin as JSON, or null when it is empty, not a JSON object, or does not arrive within {@link #STDIN_WAIT_MS}. */
    private StatuslineInput input() {
        InputStream stdin = environment().stdin();
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                bytes.complete(stdin.readAllBytes());
            } catch (IOException | RuntimeException e) {
                bytes.completeExceptionally(e);
            }
        }, "statusline-stdin");
        reader.setDaemon(true);
        reader.start();
        try {
            return parse(bytes.get(STDIN_WAIT_MS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | IOException e) {
            return null;
        }
    }

    /**
     * The fields of one JSON object, or null when the input is not one; whatever follows the object is
     * ignored. A repeated key counts once, its last value; the model is its display name, else its id.
     */
    static StatuslineInput parse(byte[] json) throws IOException {
        return StatuslineJson.read(json);
    }

    private static String message(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    private void debug(RuntimeException e) {
        if (root().debug || "1".equals(environment().variable("LLMCOST_DEBUG"))) {
            e.printStackTrace(err());
        }
    }
}
