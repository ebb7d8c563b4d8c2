package dev.llmcost.cli;

import dev.llmcost.LlmcostException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

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

    /** Every subcommand, by name, in the order help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("record", RecordCommand::new);
        SUBCOMMANDS.put("report", ReportCommand::new);
        SUBCOMMANDS.put("budget", BudgetCommand::new);
        SUBCOMMANDS.put("pin", PinCommand::new);
        SUBCOMMANDS.put("projects", ProjectsCommand::new);
        SUBCOMMANDS.put("import-json", ImportJsonCommand::new);
        SUBCOMMANDS.put("ingest", IngestCommand::commandLine);
        SUBCOMMANDS.put("prune", PruneCommand::new);
        SUBCOMMANDS.put("statusline", StatuslineCommand::new);
        SUBCOMMANDS.put("prices", PricesCommand::new);
        SUBCOMMANDS.put("doctor", DoctorCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
        SUBCOMMANDS.put("__train", TrainCommand::new);
    }

    /** The whole command model, for help, completions and man pages. */
    public static CommandLine commandLine(Environment environment) {
        return commandLine(environment, null);
    }

    /**
     * The command model with only the subcommand that {@code args} names, when it names one:
     * building picocli's model of every command costs a short-lived process more than its work.
     */
    static CommandLine commandLine(Environment environment, String[] args) {
        CommandLine commandLine = new CommandLine(new LlmcostCommand(environment));
        String invoked = args == null ? null : invokedSubcommand(args);
        for (Map.Entry<String, Supplier<Object>> sub : SUBCOMMANDS.entrySet()) {
            if (invoked == null || invoked.equals(sub.getKey())) {
                commandLine.addSubcommand(sub.getKey(), sub.getValue().get());
            }
        }
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /** The first argument that is not a global option or its value, if it is a known subcommand. */
    private static String invokedSubcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--db") || arg.equals("--tz")) {
                i++;
            } else if (!arg.startsWith("-")) {
                return SUBCOMMANDS.containsKey(arg) && !arg.equals("help") ? arg : null;
            } else if (!arg.startsWith("--db=") && !arg.startsWith("--tz=") && !arg.equals("--debug")) {
                return null;
            }
        }
        return null;
    }

    /** Runs one command line and returns its exit code. */
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
        return runWithPicocli(environment, out, err, args);
    }

    /** Runs one command line through picocli only (tests compare it with the fast paths). */
    static int runWithPicocli(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(environment, args);
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
