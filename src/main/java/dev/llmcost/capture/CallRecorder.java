package dev.llmcost.capture;

import dev.llmcost.budget.Budget;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.env.DbLocation;
import dev.llmcost.env.Environment;
import dev.llmcost.model.CostSource;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Origin;
import dev.llmcost.model.Tokens;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.pricing.Providers;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.EventWriter;
import dev.llmcost.store.Store;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code record} checks, prices and stores, whether the call came as flags ({@link RecordCommand})
 * or as fields of an HTTP body ({@code POST /api/usage}): one set of rules for both.
 */
public final class CallRecorder {
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private final Environment environment;
    private final Supplier<ZoneId> zone;
    private final Consumer<String> warn;

    public CallRecorder(Environment environment, Supplier<ZoneId> zone, Consumer<String> warn) {
        this.environment = environment;
        this.zone = zone;
        this.warn = warn;
    }

    /**
     * The events {@code request} describes, checked and priced; {@code json} reads the provider JSON
     * (only called when {@link CallRequest#jsonSource} is set, after the fields are checked).
     */
    public List<UsageEvent> events(CallRequest r, Instant now, String defaultProject, Supplier<List<ProviderUsage.Call>> json) {
        Function<String, String> name = r.name;
        Instant occurredAt = r.at == null ? now : occurredAt(r, now); // loading the system zone costs: only when needed
        BigDecimal givenCost = Usd.parse(name.apply("--cost"), r.cost);
        String projectName = TextFields.check(name.apply("--project"), r.project != null ? r.project : defaultProject);
        Map<String, String> checkedTags = new LinkedHashMap<>();
        r.tags.forEach((k, v) -> checkedTags.put(TextFields.check(name.apply("--tag") + " key", k),
                TextFields.check(name.apply("--tag") + " " + k, v)));
        check(r);

        List<ProviderUsage.Call> calls = r.jsonSource == null ? List.of(fromFields(r)) : json.get();
        if (calls.size() > 1 && (r.id != null || r.cost != null)) {
            throw LlmcostException.usage(name.apply("--id") + " and " + name.apply("--cost") + " describe one call, but "
                    + r.jsonSource + " holds " + calls.size());
        }
        Pricer pricer = DbLocation.pricer(environment);
        Origin origin = new Origin(r.user, r.session, r.agent, r.task, r.run, r.requestType);
        List<UsageEvent> events = new ArrayList<>();
        for (ProviderUsage.Call call : calls) {
            String modelName = TextFields.check(name.apply("--model"), r.model != null ? r.model : call.model());
            if (modelName == null) {
                throw LlmcostException.usage(r.jsonSource == null ? name.apply("--model") + " is required"
                        : r.jsonSource + ":" + call.line() + ": no model in the JSON; pass " + name.apply("--model"));
            }
            String providerName = r.provider != null ? Providers.normalize(r.provider) : call.provider();
            String key = TextFields.check(name.apply("--id"), r.id != null ? r.id : call.id());
            UsageEvent event = priced(new IncomingCall(occurredAt, projectName, providerName, modelName, call.tokens(),
                    givenCost != null ? givenCost : call.costUsd(), givenCost != null ? name.apply("--cost") : "usage.cost",
                    origin, r.durationMs, key, checkedTags), pricer);
            if (event.costSource() == CostSource.UNPRICED) {
                warn.accept("no price known for model '" + modelName + "' (provider " + event.provider()
                        + "); recorded as unpriced. Pass --cost or add it to "
                        + DbLocation.configDir(environment).resolve("prices.json"));
            }
            events.add(event);
        }
        return events;
    }

    /**
     * The call priced at its time, as it is stored: the one step between reading a call and storing it that
     * every source shares. A {@code pricer} caches lookups and is not thread-safe: one per thread.
     */
    public static UsageEvent priced(IncomingCall call, Pricer pricer) {
        String provider = call.provider() != null ? call.provider() : Providers.infer(call.model());
        Pricer.Priced priced = pricer.price(provider, call.model(), call.tokens(), call.givenCostUsd(), call.at());
        return new UsageEvent(call.at(), call.project(), provider, call.model(), call.tokens(), priced.costUsd(),
                priced.source(), call.origin(), call.durationMs(), call.key(), call.tags(),
                priced.basis(call.givenBy()));
    }

    /** Stores {@code events} in one transaction (all or none); per event, true when it was new. */
    public static List<Boolean> store(Store store, Clock clock, List<UsageEvent> events) {
        return store.write(connection -> {
            List<Boolean> results = new ArrayList<>();
            try (EventWriter writer = new EventWriter(connection, clock)) {
                for (UsageEvent event : events) {
                    results.add(writer.insert(event));
                }
            }
            return results;
        });
    }

    /** The budgets that a call of {@code project} by {@code user} counts against, as they stand now. */
    public static List<BudgetStatus> budgetsCovering(Store store, String project, String user, Instant now,
                                              Supplier<ZoneId> zone) {
        return store.read(connection -> {
            BudgetStore budgets = new BudgetStore(connection);
            List<Budget> covering = budgets.covering(project, user);
            return covering.isEmpty() ? List.<BudgetStatus>of() : budgets.statuses(covering, now, zone.get());
        });
    }

    private Instant occurredAt(CallRequest r, Instant now) {
        String flag = r.name.apply("--at");
        Instant when = TimeSpec.resolve(r.at, flag, now, zone.get(), false);
        if (when.isBefore(Instant.EPOCH)) {
            throw LlmcostException.usage(flag + ": " + when + " is before 1970");
        }
        if (when.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw LlmcostException.usage(flag + ": " + when + " is in the future");
        }
        return when;
    }

    private static void check(CallRequest r) {
        Function<String, String> name = r.name;
        TextFields.check(name.apply("--provider"), r.provider);
        TextFields.check(name.apply("--user"), r.user);
        TextFields.check(name.apply("--session"), r.session);
        TextFields.check(name.apply("--agent"), r.agent);
        TextFields.check(name.apply("--task"), r.task);
        TextFields.check(name.apply("--run"), r.run);
        TextFields.check(name.apply("--request-type"), r.requestType);
        nonNegative(name.apply("--duration-ms"), r.durationMs);
        if (r.jsonSource != null && (r.inputTokens != null || r.outputTokens != null || r.cacheWriteTokens != null
                || r.cacheReadTokens != null || r.reasoningTokens != null || r.cacheWrite1hTokens != null)) {
            throw LlmcostException.usage(name.apply("--json") + " reads token counts from the JSON; drop the "
                    + name.apply("--*-tokens") + (name.apply("--x").startsWith("--") ? " flags" : " fields"));
        }
    }

    private static ProviderUsage.Call fromFields(CallRequest r) {
        Function<String, String> name = r.name;
        long output = nonNegative(name.apply("--output-tokens"), r.outputTokens);
        long reasoning = nonNegative(name.apply("--reasoning-tokens"), r.reasoningTokens);
        if (reasoning > output) {
            throw LlmcostException.usage(name.apply("--reasoning-tokens") + " (" + reasoning + ") exceeds "
                    + name.apply("--output-tokens") + " (" + output + "); reasoning tokens are counted as part of the output");
        }
        long cacheWrite = nonNegative(name.apply("--cache-write-tokens"), r.cacheWriteTokens);
        long cacheWrite1h = nonNegative(name.apply("--cache-write-1h-tokens"), r.cacheWrite1hTokens);
        if (cacheWrite1h > cacheWrite) {
            throw LlmcostException.usage(name.apply("--cache-write-1h-tokens") + " (" + cacheWrite1h + ") exceeds "
                    + name.apply("--cache-write-tokens") + " (" + cacheWrite
                    + "); 1-hour cache writes are counted as part of the cache writes");
        }
        Tokens counted = new Tokens(nonNegative(name.apply("--input-tokens"), r.inputTokens), output, cacheWrite,
                nonNegative(name.apply("--cache-read-tokens"), r.cacheReadTokens), reasoning, cacheWrite1h);
        return new ProviderUsage.Call(null, null, null, counted, null, 0);
    }

    private static long nonNegative(String flag, Long value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw LlmcostException.usage(flag + ": must not be negative (" + value + ")");
        }
        return value;
    }
}
