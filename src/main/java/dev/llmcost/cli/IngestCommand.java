package dev.llmcost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(mixinStandardHelpOptions = true, name = "ingest", description = "Record every call a coding agent made, from the logs it already writes.",
        subcommands = {IngestClaudeCodeCommand.class})
public final class IngestCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: claude-code");
    }
}
