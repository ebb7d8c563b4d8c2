package dev.llmcost.cli;

import dev.llmcost.LlmcostException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "llmcost",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Log every LLM API call's tokens and cost into a local SQLite file, "
                + "and answer \"where did my money go?\".",
        subcommands = {
                RecordCommand.class,
                ReportCommand.class,
                BudgetCommand.class,
                PinCommand.class,
                ProjectsCommand.class,
                ImportJsonCommand.class,
                IngestCommand.class,
                PruneCommand.class,
                PricesCommand.class,
                DoctorCommand.class,
                CommandLine.HelpCommand.class,
        },
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
    @Option(names = "--db", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "Database file (default: $LLMCOST_DB, else $XDG_DATA_HOME/llmcost/llmcost.db).")
    Path db;

    @Option(names = "--tz", paramLabel = "ZONE", scope = ScopeType.INHERIT,
            description = "Time zone for dates, days, weeks and months (default: the system zone).")
    String tz;

    @Option(names = "--debug", scope = ScopeType.INHERIT, hidden = true,
            description = "Show stack traces (also LLMCOST_DEBUG=1).")
    boolean debug;

    final Environment environment;

    LlmcostCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this),
                "missing command; try 'llmcost --help'");
    }

    /** The command model, for running and for generating completions and man pages. */
    public static CommandLine commandLine(Environment environment) {
        CommandLine commandLine = new CommandLine(new LlmcostCommand(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        java.util.OptionalInt fast = FastRecord.tryRun(environment, out, err, args);
        if (fast.isPresent()) {
            out.flush();
            err.flush();
            return fast.getAsInt();
        }
        CommandLine commandLine = commandLine(environment);
        LlmcostCommand root = commandLine.getCommand();
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            ex.getCommandLine().getErr().println("llmcost: " + ex.getMessage()
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return LlmcostException.EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
            boolean debug = root.debug || "1".equals(environment.variable("LLMCOST_DEBUG"));
            if (ex instanceof LlmcostException failure) {
                cl.getErr().println("llmcost: " + failure.getMessage());
                if (debug) {
                    ex.printStackTrace(cl.getErr());
                }
                return failure.exitCode();
            }
            cl.getErr().println("llmcost: internal error: " + ex
                    + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                ex.printStackTrace(cl.getErr());
            }
            return LlmcostException.EXIT_RUNTIME;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
