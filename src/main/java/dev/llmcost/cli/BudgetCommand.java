package dev.llmcost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "budget", description = "Set, remove and check spending limits.",
        subcommands = {BudgetSetCommand.class, BudgetRemoveCommand.class, BudgetStatusCommand.class},
        footer = {
                "",
                "Examples:",
                "  llmcost budget set --project website --monthly 50 --alert-at 75",
                "  llmcost budget set --global --daily 10",
                "  llmcost budget status --quiet || echo 'over budget: stopping the agent'",
        })
public final class BudgetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: set, remove or status");
    }
}
