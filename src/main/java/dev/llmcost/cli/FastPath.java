package dev.llmcost.cli;

import dev.llmcost.env.Environment;
import dev.llmcost.ingest.AgentLog;
import dev.llmcost.ingest.AgentLogs;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.render.OutputFormat;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code report}, {@code budget status}, {@code statusline} and {@code ingest} without picocli: they
 * run in shell prompts, status lines and agents' hooks, and building picocli's command model (its
 * classes cannot be in the class-data archive) took about half of their start-up. The same command
 * objects run with the same fields set, so the output is the same; {@link FastArgs} hands anything
 * unusual to picocli. The hidden {@code __train} runs here too, so install.sh's AOT cache training
 * never loads picocli.
 */
final class FastPath {
    private FastPath() {
    }

    static OptionalInt tryRun(Environment environment, PrintWriter out, PrintWriter err, String[] args) {
        LlmcostCommand root = new LlmcostCommand(environment);
        String first = firstWord(args);
        BaseCommand command;
        if ("__train".equals(first)) {
            return train(args, environment);
        }
        if ("report".equals(first)) {
            command = report(args, root);
        } else if ("budget".equals(first)) {
            command = budgetStatus(args, root);
        } else if ("statusline".equals(first)) {
            command = statusline(args, root);
        } else if ("ingest".equals(first)) {
            command = ingest(args, root);
        } else {
            return OptionalInt.empty();
        }
        if (command == null) {
            return OptionalInt.empty();
        }
        command.bind(root, out, err);
        return OptionalInt.of(call(command, root, environment, err));
    }

    /** Runs a command bound without picocli, with the exception handling picocli's path gives. */
    static int call(BaseCommand command, LlmcostCommand root, Environment environment, PrintWriter err) {
        boolean debug = root.debug || "1".equals(environment.variable("LLMCOST_DEBUG"));
        try {
            return command.call();
        } catch (LlmcostException e) {
            err.println("llmcost: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return e.exitCode();
        } catch (Exception e) {
            err.println("llmcost: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return LlmcostException.EXIT_RUNTIME;
        }
    }

    private static String firstWord(String[] args) {
        return word(args, 0);
    }

    /** The {@code n}th word that is not an option or a global option's value (options' own values count). */
    private static String word(String[] args, int n) {
        int seen = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--db") || args[i].equals("--tz")) {
                i++;
            } else if (!args[i].startsWith("-") && seen++ == n) {
                return args[i];
            }
        }
        return null;
    }

    private static ReportCommand report(String[] args, LlmcostCommand root) {
        ReportCommand r = new ReportCommand();
        r.period = new PeriodOptions();
        r.format = new FormatOptions();
        FastArgs options = new FastArgs() {
            @Override
            Kind kind(String name) {
                return switch (name) {
                    case "--by" -> Kind.REPEATABLE;
                    case "--since", "--until", "--project", "--model", "--provider", "--user", "--agent", "--format" ->
                            Kind.VALUE;
                    case "--chart" -> Kind.FLAG;
                    default -> null;
                };
            }

            @Override
            void value(String name, String value) {
                switch (name) {
                    case "--by" -> r.by.addAll(split(value));
                    case "--since" -> r.period.since = value;
                    case "--until" -> r.period.until = value;
                    case "--project" -> r.project = value;
                    case "--model" -> r.model = value;
                    case "--provider" -> r.provider = value;
                    case "--user" -> r.user = value;
                    case "--agent" -> r.agent = value;
                    default -> r.format.format = format(value);
                }
            }

            @Override
            void flag(String name) {
                r.chart = true;
            }
        };
        return options.parse(args, List.of("report"), root) ? r : null;
    }

    private static BudgetStatusCommand budgetStatus(String[] args, LlmcostCommand root) {
        BudgetStatusCommand b = new BudgetStatusCommand();
        b.format = new FormatOptions();
        ScopeOptions scope = new ScopeOptions();
        FastArgs options = new FastArgs() {
            @Override
            Kind kind(String name) {
                return switch (name) {
                    case "--project", "--user", "--format" -> Kind.VALUE;
                    case "--global", "-q", "--quiet" -> Kind.FLAG;
                    default -> null;
                };
            }

            @Override
            void value(String name, String value) {
                switch (name) {
                    case "--project" -> {
                        oneScope();
                        scope.project = value;
                    }
                    case "--user" -> {
                        oneScope();
                        scope.user = value;
                    }
                    default -> b.format.format = format(value);
                }
            }

            @Override
            void flag(String name) {
                if (name.equals("--global")) {
                    oneScope();
                    scope.global = true;
                } else if (b.quiet) {
                    throw new IllegalArgumentException("-q and --quiet are one option");
                } else {
                    b.quiet = true;
                }
            }

            private void oneScope() {
                if (b.scope != null) {
                    throw new IllegalArgumentException("picocli words the exclusive group's error");
                }
                b.scope = scope;
            }
        };
        return options.parse(args, List.of("budget", "status"), root) ? b : null;
    }

    private static StatuslineCommand statusline(String[] args, LlmcostCommand root) {
        FastArgs options = new FastArgs() {
            @Override
            Kind kind(String name) {
                return null;
            }
        };
        return options.parse(args, List.of("statusline"), root) ? new StatuslineCommand() : null;
    }

    /**
     * {@code ingest} (every agent) and {@code ingest AGENT [--root DIR]… [--hook] [--strict]}: cron jobs
     * and agents' hooks run them, mostly to find nothing new. The hook's JSON as an argument, --list
     * and --format go to picocli.
     */
    private static BaseCommand ingest(String[] args, LlmcostCommand root) {
        String agent = word(args, 1);
        if (agent == null) {
            FastArgs options = new FastArgs() {
                @Override
                Kind kind(String name) {
                    return null;
                }
            };
            return options.parse(args, List.of("ingest"), root) ? new IngestCommand() : null;
        }
        AgentLog log = AgentLogs.byName(agent).orElse(null);
        if (log == null) {
            return null;
        }
        IngestAgentCommand command = new IngestAgentCommand(log);
        FastArgs options = new FastArgs() {
            @Override
            Kind kind(String name) {
                return switch (name) {
                    case "--root" -> Kind.REPEATABLE;
                    case "--hook", "--strict" -> Kind.FLAG;
                    default -> null;
                };
            }

            @Override
            void value(String name, String value) {
                command.roots.add(Path.of(value));
            }

            @Override
            void flag(String name) {
                if (name.equals("--hook")) {
                    command.hook = true;
                } else {
                    command.strict = true;
                }
            }
        };
        return options.parse(args, List.of("ingest", agent), root) ? command : null;
    }

    /** {@code __train DIR [--fast-paths]}: install.sh's training runs, never through picocli. */
    private static OptionalInt train(String[] args, Environment environment) {
        boolean fastPaths = args.length == 3 && args[2].equals("--fast-paths");
        if (!(args.length == 2 || fastPaths) || !args[0].equals("__train")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(TrainCommand.run(environment, Path.of(args[1]), fastPaths));
    }

    /** {@code --by model,day}: picocli splits on commas; anything odd (empty parts, quotes) is left to it. */
    private static List<String> split(String value) {
        if (value.isEmpty() || value.startsWith(",") || value.endsWith(",") || value.contains(",,")
                || value.contains("\"")) {
            throw new IllegalArgumentException(value);
        }
        return List.of(value.split(","));
    }

    /** A format the fast path prints; html (report only, and never in a prompt) is left to picocli. */
    private static OutputFormat format(String value) {
        for (OutputFormat format : OutputFormat.values()) {
            if (format != OutputFormat.HTML && format.name().equalsIgnoreCase(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
