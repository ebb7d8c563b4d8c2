package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.env.DbLocation;
import dev.llmcost.env.Environment;
import dev.llmcost.ingest.AgentLog;
import dev.llmcost.ingest.Ingester;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code llmcost ingest AGENT}: one instance per entry of {@link dev.llmcost.ingest.AgentLogs#ALL}, named
 * and described by its {@link AgentLog}, so adding an agent adds its subcommand, help, completions and man page.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
public final class IngestAgentCommand extends BaseCommand {
    private final AgentLog log;

    @Option(names = "--root", paramLabel = "DIR", description = "Read the logs under DIR instead of the agent's default places (repeatable).")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--hook", description = "Run as the agent's hook: ingest just the log its JSON (stdin, or HOOK_JSON) names; never fails the agent.")
    boolean hook;

    @Option(names = "--strict", description = "In hook mode, fail (exit 1 or 2) instead of logging the error and exiting 0.")
    boolean strict;

    @Parameters(arity = "0..1", paramLabel = "HOOK_JSON", description = "With --hook: the hook's JSON as an argument instead of stdin.")
    String hookJson;

    IngestAgentCommand(AgentLog log) {
        this.log = log;
    }

    /** This agent's subcommand, with its name, description and help footer. */
    static CommandLine commandLine(AgentLog log) {
        CommandLine commandLine = new CommandLine(new IngestAgentCommand(log));
        CommandLine.Model.UsageMessageSpec usage = commandLine.getCommandSpec().usageMessage();
        usage.description("Ingest " + log.title() + "'s logs: every API call once, however often a file is read.");
        List<String> footer = new ArrayList<>();
        footer.add("");
        footer.addAll(paragraphs(log.help()));
        usage.footer(footer.toArray(String[]::new));
        commandLine.getCommandSpec().name(log.name());
        return commandLine;
    }

    /**
     * The help's prose lines joined into paragraphs, which picocli wraps to the terminal; blank lines and indented
     * lines (commands, JSON) are kept as they are.
     */
    static List<String> paragraphs(List<String> lines) {
        List<String> joined = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith(" ")) {
                if (!paragraph.isEmpty()) {
                    joined.add(paragraph.toString());
                    paragraph.setLength(0);
                }
                joined.add(line);
            } else {
                paragraph.append(paragraph.isEmpty() ? "" : " ").append(line.strip());
            }
        }
        if (!paragraph.isEmpty()) {
            joined.add(paragraph.toString());
        }
        return joined;
    }

    @Override
    public Integer call() {
        if (hookJson != null && !hook) {
            throw LlmcostException.usage("unexpected argument '" + hookJson + "' (HOOK_JSON goes with --hook)");
        }
        if (hook) {
            return runHook();
        }
        List<Path> files = files(log, roots.isEmpty() ? log.defaultRoots(env(environment())) : checkedRoots());
        Ingester.Tally tally;
        boolean progress = environment().stderrIsTerminal();
        try (Store store = openStore()) {
            tally = new Ingester(store, () -> pricer(environment()), environment().clock()).ingest(log, files,
                    progress ? (done, total) -> progress(err(), done, total) : null);
        }
        if (progress) {
            err().println();
        }
        printSummary(out(), tally);
        warnUnreadable(tally);
        return LlmcostException.EXIT_OK;
    }

    private Integer runHook() {
        if (!log.hasHook()) {
            throw LlmcostException.usage(log.name() + " has no hook");
        }
        try {
            JsonNode input;
            try {
                input = hookJson != null ? new ObjectMapper().readTree(hookJson) : new ObjectMapper().readTree(environment().stdin());
            } catch (IOException e) {
                throw LlmcostException.usage("the hook's JSON is not JSON: " + e.getMessage());
            }
            Path file;
            try {
                file = log.hookFile(input, roots.isEmpty() ? log.defaultRoots(env(environment())) : roots, env(environment()));
            } catch (IllegalArgumentException e) {
                throw LlmcostException.usage(e.getMessage());
            }
            Ingester.Tally tally;
            try (Store store = openStore()) {
                tally = new Ingester(store, () -> pricer(environment()), environment().clock()).ingest(log, List.of(file), null);
            }
            warnUnreadable(tally);
            return LlmcostException.EXIT_OK;
        } catch (RuntimeException e) {
            if (strict) {
                throw e;
            }
            err().println("llmcost: ingest " + log.name() + " --hook: " + e.getMessage() + " (ignored; the agent goes on)");
            return LlmcostException.EXIT_OK;
        }
    }

    private List<Path> checkedRoots() {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw LlmcostException.usage("--root " + root + ": no such directory");
            }
        }
        return roots;
    }

    /** The environment as agents read it: HOME always set. */
    static UnaryOperator<String> env(Environment environment) {
        return name -> {
            String value = environment.variable(name);
            if (value == null && name.equals("HOME")) {
                return System.getProperty("user.home");
            }
            return value;
        };
    }

    static Pricer pricer(Environment environment) {
        return DbLocation.pricer(environment);
    }

    /** Every log file of {@code log} under {@code roots}, in root order. */
    static List<Path> files(AgentLog log, List<Path> roots) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try {
                files.addAll(log.files(root));
            } catch (IOException e) {
                throw new LlmcostException(LlmcostException.EXIT_RUNTIME, "cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    static void progress(PrintWriter err, long done, long total) {
        int width = 30;
        int filled = (int) (width * done / Math.max(1, total));
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " files");
        err.flush();
    }

    static void printSummary(PrintWriter out, Ingester.Tally tally) {
        out.println("Scanned " + Numbers.count(tally.files) + " transcript(s), " + Numbers.count(tally.changedFiles)
                + " changed; " + Numbers.count(tally.newCalls) + " new call(s).");
        if (tally.byModel.isEmpty()) {
            return;
        }
        TextTable table = new TextTable(List.of("Model", "New calls", "Cost"), new boolean[] {false, true, true});
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal[]> entry : tally.byModel.entrySet()) {
            table.add(List.of(entry.getKey(), Numbers.count(entry.getValue()[0].longValue()), Numbers.usd(entry.getValue()[1])));
            total = total.add(entry.getValue()[1]);
        }
        table.footer(List.of("Total", Numbers.count(tally.newCalls), Numbers.usd(total)));
        table.print(out);
    }

    private void warnUnreadable(Ingester.Tally tally) {
        if (tally.unreadableLines > 0) {
            warn("skipped " + Numbers.count(tally.unreadableLines) + " transcript line(s) that could not be read");
        }
    }
}
