package dev.llmcost.cli;

import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.capture.CallRecorder;
import dev.llmcost.capture.CallRequest;
import dev.llmcost.capture.ProviderUsage;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.render.Numbers;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(mixinStandardHelpOptions = true, name = "record", sortOptions = false,
        description = "Record one LLM call (or, with --json, the calls in a provider's response JSON).",
        footer = {
                "",
                "Reasoning tokens are the part of the output spent on reasoning (as OpenAI reports them);",
                "they are shown apart but priced once, as output. Input tokens exclude cached input.",
                "",
                "Examples:",
                "  llmcost record --model claude-sonnet-4-5 --input-tokens 1200 --output-tokens 340 --id req_01",
                "  llmcost record --model gpt-4o --input-tokens 900 --output-tokens 80 --cost 0.0031",
                "  llmcost record --json response.json --project website",
        })
public final class RecordCommand extends BaseCommand {
    @Option(names = "--model", paramLabel = "NAME", description = "Model name, as the provider reports it (required unless --json gives it).")
    String model;

    @Option(names = "--provider", paramLabel = "NAME", description = "anthropic, openai, google, openrouter, local, ollama … (default: inferred from the model).")
    String provider;

    @Option(names = "--project", paramLabel = "NAME", description = "Project (default: the current directory's name).")
    String project;

    @Option(names = "--input-tokens", paramLabel = "N", description = "Input tokens, not counting cached input.")
    Long inputTokens;

    @Option(names = "--output-tokens", paramLabel = "N", description = "Output tokens, reasoning included.")
    Long outputTokens;

    @Option(names = "--cache-write-tokens", paramLabel = "N", description = "Tokens written to the prompt cache.")
    Long cacheWriteTokens;

    @Option(names = "--cache-write-1h-tokens", paramLabel = "N", description = "Of the cache write tokens, those written to the 1-hour cache (Anthropic; priced apart).")
    Long cacheWrite1hTokens;

    @Option(names = "--cache-read-tokens", paramLabel = "N", description = "Tokens read from the prompt cache.")
    Long cacheReadTokens;

    @Option(names = "--reasoning-tokens", paramLabel = "N", description = "Of the output tokens, those spent on reasoning.")
    Long reasoningTokens;

    @Option(names = "--cost", paramLabel = "USD", description = "The call's cost when the caller knows it (wins over the price table).")
    String cost;

    @Option(names = "--user", paramLabel = "NAME", description = "Who made the call.")
    String user;

    @Option(names = "--session", paramLabel = "ID", description = "Session the call belongs to.")
    String session;

    @Option(names = "--agent", paramLabel = "NAME", description = "Agent that made the call.")
    String agent;

    @Option(names = "--task", paramLabel = "ID", description = "Task the call worked on.")
    String task;

    @Option(names = "--run", paramLabel = "ID", description = "Run the call belongs to.")
    String run;

    @Option(names = "--request-type", paramLabel = "TYPE", description = "Kind of request: chat, voice, summarize …")
    String requestType;

    @Option(names = "--duration-ms", paramLabel = "MS", description = "How long the call took.")
    Long durationMs;

    @Option(names = "--at", paramLabel = "TIME", description = "When the call happened (default: now); ISO-8601 or 5m, 2h ago.")
    String at;

    @Option(names = "--id", paramLabel = "KEY", description = "Unique key of the call: recording the same key again adds nothing.")
    String id;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Anything else to track (repeatable): --tag phase=plan --tag slot=fast.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--fail-over-budget", description = "Exit 3 when a budget this call counts against is over its limit (the call is still recorded).")
    boolean failOverBudget;

    @Option(names = "--json", paramLabel = "FILE", description = "Read the call from a provider's response or usage JSON ('-' for stdin); one document per line records several calls.")
    String json;

    @Override
    public Integer call() {
        Instant now = environment().clock().instant();
        if (root().tz != null) {
            zone(); // a bad --tz is refused even where this call needs no zone
        }
        CallRecorder recorder = new CallRecorder(environment(), this::zone, this::warn);
        List<UsageEvent> events = recorder.events(request(), now, defaultProject(), this::fromJson);
        List<Boolean> stored;
        List<BudgetStatus> statuses;
        try (Store store = openStore()) {
            stored = CallRecorder.store(store, environment().clock(), events);
            statuses = CallRecorder.budgetsCovering(store, events.get(0).project(), user, now, this::zone);
        }
        long duplicates = stored.stream().filter(s -> !s).count();
        if (duplicates > 3) {
            err().println("llmcost: already recorded: " + duplicates + " of " + events.size() + " calls (nothing added for them)");
        }
        for (int i = 0; i < events.size(); i++) {
            UsageEvent event = events.get(i);
            if (!stored.get(i)) {
                if (duplicates <= 3) {
                    err().println("llmcost: already recorded: id " + event.eventKey() + " (nothing added)");
                }
            } else if (environment().stderrIsTerminal()) {
                err().println("recorded " + event.model() + " in " + event.project() + ": "
                        + Numbers.count(event.tokens().total()) + " tokens, "
                        + (event.costUsd() == null ? "unpriced" : "$" + event.costUsd().stripTrailingZeros().toPlainString()));
            }
        }
        return checkBudgets(statuses, events, stored);
    }

    private CallRequest request() {
        CallRequest r = new CallRequest();
        r.model = model;
        r.provider = provider;
        r.project = project;
        r.inputTokens = inputTokens;
        r.outputTokens = outputTokens;
        r.cacheWriteTokens = cacheWriteTokens;
        r.cacheWrite1hTokens = cacheWrite1hTokens;
        r.cacheReadTokens = cacheReadTokens;
        r.reasoningTokens = reasoningTokens;
        r.cost = cost;
        r.user = user;
        r.session = session;
        r.agent = agent;
        r.task = task;
        r.run = run;
        r.requestType = requestType;
        r.durationMs = durationMs;
        r.at = at;
        r.id = id;
        r.tags = tags;
        r.jsonSource = json == null ? null : json.equals("-") ? "stdin" : json;
        return r;
    }

    /** Warns once when this call pushed a budget into alert or over; with --fail-over-budget, exits 3 when over. */
    private int checkBudgets(List<BudgetStatus> statuses, List<UsageEvent> events, List<Boolean> stored) {
        for (BudgetStatus status : statuses) {
            BigDecimal added = BigDecimal.ZERO;
            for (int i = 0; i < events.size(); i++) {
                UsageEvent event = events.get(i);
                if (stored.get(i) && event.costUsd() != null && !event.occurredAt().isBefore(status.periodStart())
                        && event.occurredAt().isBefore(status.periodEnd())) {
                    added = added.add(event.costUsd());
                }
            }
            BudgetStatus.State before = BudgetStatus.stateOf(status.budget(), status.spentUsd().subtract(added));
            if (status.state() != before && status.state() != BudgetStatus.State.OK) {
                warn("budget " + status.budget().describe() + " (" + status.budget().period().dbName() + ") "
                        + (status.state() == BudgetStatus.State.OVER ? "is over its limit: " : "passed its alert threshold: ")
                        + "$" + Money.plain(status.spentUsd()) + " of $" + Money.plain(status.budget().limitUsd())
                        + " (" + status.percentUsed().toPlainString() + "%)");
            }
        }
        int code = BudgetStatus.exitCode(statuses);
        return failOverBudget && code == LlmcostException.EXIT_BUDGET_EXCEEDED ? code : LlmcostException.EXIT_OK;
    }

    private List<ProviderUsage.Call> fromJson() {
        String source = json.equals("-") ? "stdin" : json;
        try (Reader reader = json.equals("-") ? strictUtf8(environment().stdin()) : openFile(Path.of(json))) {
            return ProviderUsage.read(reader, source);
        } catch (IOException e) {
            throw LlmcostException.usage(source + ": cannot read: " + e.getMessage());
        }
    }

    private static Reader openFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw LlmcostException.usage("--json: " + file + " is a directory");
        }
        if (!Files.exists(file)) {
            throw LlmcostException.usage("--json: " + file + ": no such file");
        }
        return strictUtf8(Files.newInputStream(file));
    }

    private static Reader strictUtf8(java.io.InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private String defaultProject() {
        Path name = environment().workingDir().getFileName();
        return name == null ? "default" : name.toString();
    }
}
