package dev.llmcost.cli;

import picocli.CommandLine.Option;

/** {@code --format}, shared by every command that prints data. */
public final class FormatOptions {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.TABLE;
}
