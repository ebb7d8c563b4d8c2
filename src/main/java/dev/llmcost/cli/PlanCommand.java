package dev.llmcost.cli;

import dev.llmcost.capture.Usd;
import dev.llmcost.ingest.AgentLogs;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.plan.Plan;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.PlanStore;
import dev.llmcost.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

@Command(mixinStandardHelpOptions = true, name = "plan",
        description = "Subscription plans (Claude Pro/Max, ChatGPT Plus/Pro, or your own): the 5-hour block's tokens "
                + "against the plan's limit in 'report --by block' and the statusline, and what the plan costs "
                + "in 'report --billing subscription'.",
        subcommands = {PlanCommand.Set.class, PlanCommand.Remove.class, PlanCommand.ListPlans.class},
        footer = {
                "",
                "Examples:",
                "  llmcost plan set claude max20",
                "  llmcost plan set claude pro --token-limit 220000",
                "  llmcost plan set amp custom --monthly-usd 50 --token-limit 2000000",
                "  llmcost report --by block --since today",
        })
public final class PlanCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: set, remove or list");
    }

    /** "claude", "codex" or an agent's name ("claude-code" is "claude"); else a usage error. */
    static String vendor(String given) {
        String vendor = given.toLowerCase(Locale.ROOT);
        if (vendor.equals("claude-code")) {
            return "claude";
        }
        if (vendor.equals("claude") || vendor.equals("codex") || AgentLogs.byName(vendor).isPresent()) {
            return vendor;
        }
        throw LlmcostException.usage("unknown plan vendor '" + given + "': use claude, codex or an agent's name "
                + "(see 'llmcost ingest --list')");
    }

    @Command(mixinStandardHelpOptions = true, name = "set",
            description = "Set (or replace) the subscription that covers an agent's calls.",
            footer = {
                    "",
                    "Known plans: claude pro ($20/month), max5 ($100), max20 ($200); codex (ChatGPT) plus ($20),",
                    "pro ($200). Vendors publish no token limit per 5-hour block for these, so unless --token-limit",
                    "is given the largest block seen stands in for it (as ccusage's --token-limit max), and reports",
                    "say so. 'custom' works for any agent and needs --monthly-usd.",
            })
    static final class Set extends BaseCommand {
        @Parameters(index = "0", paramLabel = "VENDOR", description = "claude, codex, or an agent's name (custom plans).")
        String vendor;

        @Parameters(index = "1", paramLabel = "PLAN", description = "pro, max5, max20 (claude); plus, pro (codex); custom.")
        String plan;

        @Option(names = "--token-limit", paramLabel = "TOKENS",
                description = "Tokens one 5-hour block may use (all kinds summed). Default: the largest block seen.")
        Long tokenLimit;

        @Option(names = "--monthly-usd", paramLabel = "USD", description = "What the plan costs a month (default: its list price).")
        String monthlyUsd;

        @Override
        public Integer call() {
            String name = vendor(vendor);
            String planName = plan.toLowerCase(Locale.ROOT);
            BigDecimal listPrice = Plan.listPrice(name, planName);
            if (listPrice == null && !planName.equals(Plan.CUSTOM)) {
                throw LlmcostException.usage("unknown plan '" + plan + "' for " + name + ": use " + Plan.namesFor(name));
            }
            BigDecimal price = monthlyUsd == null ? listPrice : Usd.parse("--monthly-usd", monthlyUsd);
            if (price == null) {
                throw LlmcostException.usage("a custom plan needs --monthly-usd (0 for a free one)");
            }
            if (tokenLimit != null && tokenLimit <= 0) {
                throw LlmcostException.usage("--token-limit must be a positive whole number, got " + tokenLimit);
            }
            Plan chosen = new Plan(name, planName, price, tokenLimit);
            try (Store store = openStore()) {
                store.write(connection -> {
                    new PlanStore(connection).put(chosen);
                    return null;
                });
            }
            err().println("Plan set: " + chosen.title() + " for " + chosen.agent() + ", $" + price.toPlainString()
                    + "/month, " + (tokenLimit == null ? "block limit: the largest block seen"
                    : "block limit " + Numbers.count(tokenLimit) + " tokens"));
            return LlmcostException.EXIT_OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "remove", description = "Remove a vendor's plan.")
    static final class Remove extends BaseCommand {
        @Parameters(index = "0", paramLabel = "VENDOR")
        String vendor;

        @Override
        public Integer call() {
            String name = vendor(vendor);
            try (Store store = openStore()) {
                store.write(connection -> {
                    if (!new PlanStore(connection).remove(name)) {
                        throw LlmcostException.usage("no plan set for " + name);
                    }
                    return null;
                });
            }
            return LlmcostException.EXIT_OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "The plans set: vendor, plan, agent, monthly price, block limit.")
    static final class ListPlans extends BaseCommand {
        @Mixin
        FormatOptions format;

        @Override
        public Integer call() {
            List<Plan> plans;
            try (Store store = openStore()) {
                plans = store.read(connection -> new PlanStore(connection).all());
            }
            List<String> columns = List.of("vendor", "plan", "title", "agent", "monthly_usd", "token_limit");
            switch (format.format) {
                case JSON -> JsonOut.write(out(), json -> {
                    json.writeStartObject();
                    json.writeArrayFieldStart("plans");
                    for (Plan plan : plans) {
                        json.writeStartObject();
                        json.writeStringField("vendor", plan.vendor());
                        json.writeStringField("plan", plan.name());
                        json.writeStringField("title", plan.title());
                        json.writeStringField("agent", plan.agent());
                        json.writeNumberField("monthly_usd", Money.forJson(plan.monthlyUsd()));
                        if (plan.tokenLimit() == null) {
                            json.writeNullField("token_limit");
                        } else {
                            json.writeNumberField("token_limit", plan.tokenLimit());
                        }
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                });
                case CSV -> {
                    Csv.row(out(), columns);
                    for (Plan plan : plans) {
                        Csv.row(out(), List.of(plan.vendor(), plan.name(), plan.title(), plan.agent(),
                                plan.monthlyUsd().toPlainString(), plan.tokenLimit() == null ? "" : plan.tokenLimit().toString()));
                    }
                }
                default -> {
                    if (plans.isEmpty()) {
                        out().println("No plan set. Set one with 'llmcost plan set claude max20' (see 'llmcost plan set --help').");
                        return LlmcostException.EXIT_OK;
                    }
                    TextTable table = new TextTable(List.of("Vendor", "Plan", "Agent", "Monthly", "Block limit"),
                            new boolean[] {false, false, false, true, true});
                    for (Plan plan : plans) {
                        table.add(List.of(plan.vendor(), plan.title(), plan.agent(),
                                "$" + plan.monthlyUsd().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString(),
                                plan.tokenLimit() == null ? "largest block" : Numbers.count(plan.tokenLimit())));
                    }
                    table.print(out());
                }
            }
            return LlmcostException.EXIT_OK;
        }
    }
}
