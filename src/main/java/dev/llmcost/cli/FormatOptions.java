package dev.llmcost.cli;

import dev.llmcost.render.OutputFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --format}, shared by every command that prints data. */
public final class FormatOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    OutputFormat format = OutputFormat.TABLE;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; html for report only).")
    void format(OutputFormat value) {
        if (value == OutputFormat.HTML && mixee != null && !"report".equals(mixee.name())) {
            throw PicocliRunner.parameterError(mixee.commandLine(), "--format html is only for 'llmcost report'; "
                    + "use table, json or csv");
        }
        format = value;
    }
}
