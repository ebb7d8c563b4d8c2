package dev.llmcost.cli;

import dev.llmcost.env.Environment;
import dev.llmcost.model.LlmcostException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Everything that drives picocli, apart from {@link LlmcostCommand} so that the fast paths never load it. */
final class PicocliRunner {
    private PicocliRunner() {
    }

    /**
     * A usage error for picocli to report. Classes on the fast paths throw it through this method: one
     * that names picocli's exception itself makes the JVM load picocli from the jar at start-up, to
     * check it against the AOT cache, which cannot hold picocli.
     */
    static RuntimeException parameterError(CommandLine commandLine, String message) {
        return new CommandLine.ParameterException(commandLine, message);
    }

    /** Every subcommand, by name, in the order help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("record", RecordCommand::new);
        SUBCOMMANDS.put("report", ReportCommand::new);
        SUBCOMMANDS.put("budget", BudgetCommand::new);
        SUBCOMMANDS.put("pin", PinCommand::new);
        SUBCOMMANDS.put("plan", PlanCommand::new);
        SUBCOMMANDS.put("projects", ProjectsCommand::new);
        SUBCOMMANDS.put("import-json", ImportJsonCommand::new);
        SUBCOMMANDS.put("ingest", IngestCommand::commandLine);
        SUBCOMMANDS.put("prune", PruneCommand::new);
        SUBCOMMANDS.put("sync", SyncCommand::new);
        SUBCOMMANDS.put("statusline", StatuslineCommand::new);
        SUBCOMMANDS.put("prices", PricesCommand::new);
        SUBCOMMANDS.put("reprice", RepriceCommand::new);
        SUBCOMMANDS.put("doctor", DoctorCommand::new);
        SUBCOMMANDS.put("serve", ServeCommand::new);
        SUBCOMMANDS.put("proxy", ProxyCommand::new);
        SUBCOMMANDS.put("token", TokenCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
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

    /** Runs one command line through picocli. */
    static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
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
