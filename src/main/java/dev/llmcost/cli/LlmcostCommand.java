package dev.llmcost.cli;

import dev.llmcost.env.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.PrintWriter;

@Command(name = "llmcost",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Log every LLM API call's tokens and cost into a local SQLite file, "
                + "and answer \"where did my money go?\".",
        footer = {
                "",
                "Examples:",
                "  llmcost record --model claude-sonnet-4-5 --input-tokens 1200 --output-tokens 340",
                "  curl … | llmcost record --json -",
                "  llmcost report --by model --since 7d",
                "",
                "Exit status: 0 ok, 1 runtime failure, 2 usage error or bad input (nothing written),",
                "3 a budget is exceeded, 4 a budget passed its alert threshold.",
        })
public final class LlmcostCommand implements Runnable {
    @Option(names = "--db", paramLabel = "PATH|URL", scope = ScopeType.INHERIT,
            description = "Database file, or a team database postgresql://USER@HOST:PORT/DB "
                    + "(default: $LLMCOST_DB, else $XDG_DATA_HOME/llmcost/llmcost.db).")
    String db;

    @Option(names = "--tz", paramLabel = "ZONE", scope = ScopeType.INHERIT,
            description = "Time zone for dates, days, weeks and months (default: the system zone).")
    String tz;

    @Option(names = "--debug", scope = ScopeType.INHERIT, hidden = true,
            description = "Show stack traces (also LLMCOST_DEBUG=1).")
    boolean debug;

    /** Set by picocli; a field type is not loaded until used, so the fast paths never load it. */
    @Spec
    CommandSpec spec;

    final Environment environment;

    LlmcostCommand(Environment environment) {
        this.environment = environment;
    }

    /** A bare {@code llmcost} prints the overview of commands on stdout and exits 0, as {@code gh} does. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The whole command model, for help, completions and man pages. */
    public static CommandLine commandLine(Environment environment) {
        return PicocliRunner.commandLine(environment, null);
    }

    /**
     * Runs one command line and returns its exit code. The fast paths come first and this class
     * names no picocli class they would load: picocli's classes cannot be in the class-data archive.
     */
    public static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        java.util.OptionalInt fast = FastRecord.tryRun(environment, out, err, args);
        if (fast.isEmpty()) {
            fast = FastPath.tryRun(environment, out, err, args);
        }
        if (fast.isPresent()) {
            out.flush();
            err.flush();
            return fast.getAsInt();
        }
        return PicocliRunner.run(environment, out, err, args);
    }

    /** Runs one command line through picocli only (tests compare it with the fast paths). */
    static int runWithPicocli(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        return PicocliRunner.run(environment, out, err, args);
    }
}
