package dev.llmcost.cli;

import dev.llmcost.ingest.AgentLog;
import dev.llmcost.ingest.AgentLogs;
import dev.llmcost.ingest.Ingester;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.OutputFormat;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.IngestStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@Command(mixinStandardHelpOptions = true, name = "ingest", sortOptions = false,
        description = "Record every call a coding agent made, from the logs it already writes.",
        footer = {
                "",
                "Without an agent, reads every agent whose logs are found in their default places.",
                "",
                "Examples:",
                "  llmcost ingest                  # every agent found",
                "  llmcost ingest --list           # which agents were found, where, how many files and calls",
                "  llmcost ingest claude-code --root ~/backup/.claude",
        })
public final class IngestCommand extends BaseCommand {
    @Option(names = "--list", description = "Show which agents' logs were found, where, how many files, and the calls stored from each.")
    boolean list;

    @Mixin
    FormatOptions format = new FormatOptions();

    /** {@code ingest} with one subcommand per agent in {@link AgentLogs#ALL}. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new IngestCommand());
        for (AgentLog log : AgentLogs.ALL) {
            commandLine.addSubcommand(log.name(), IngestAgentCommand.commandLine(log));
        }
        return commandLine;
    }

    /** One agent as found on this machine. */
    private record Found(AgentLog log, List<Path> roots, List<Path> files) {
    }

    private List<Found> found() {
        List<Found> found = new ArrayList<>();
        for (AgentLog log : AgentLogs.ALL) {
            List<Path> roots = log.defaultRoots(IngestAgentCommand.env(environment())).stream()
                    .filter(Files::isDirectory).toList();
            found.add(new Found(log, roots, IngestAgentCommand.files(log, roots)));
        }
        return found;
    }

    @Override
    public Integer call() {
        if (list) {
            return printList();
        }
        if (format.format != OutputFormat.TABLE) {
            throw LlmcostException.usage("--format goes with --list");
        }
        List<Found> agents = found().stream().filter(f -> !f.files().isEmpty()).toList();
        if (agents.isEmpty()) {
            out().println("No agent logs found (looked for " + AgentLogs.ALL.stream().map(AgentLog::name)
                    .collect(Collectors.joining(", ")) + "); see 'llmcost ingest --list'.");
            return LlmcostException.EXIT_OK;
        }
        boolean progress = environment().stderrIsTerminal();
        long unreadable = 0;
        try (Store store = openStore()) {
            Ingester ingester = new Ingester(store, () -> IngestAgentCommand.pricer(environment()), environment().clock());
            for (Found agent : agents) {
                Ingester.Tally tally = ingester.ingest(agent.log(), agent.files(),
                        progress ? (done, total) -> IngestAgentCommand.progress(err(), done, total) : null);
                if (progress) {
                    err().println();
                }
                out().println(agent.log().title() + " (" + agent.log().name() + ")");
                IngestAgentCommand.printSummary(out(), tally);
                unreadable += tally.unreadableLines;
            }
        }
        if (unreadable > 0) {
            warn("skipped " + Numbers.count(unreadable) + " transcript line(s) that could not be read");
        }
        return LlmcostException.EXIT_OK;
    }

    private Integer printList() {
        List<Found> agents = found();
        Map<String, Long> calls;
        try (Store store = openStore()) {
            calls = store.read(connection -> {
                try (IngestStore ingested = new IngestStore(connection)) {
                    return ingested.callsByAgent();
                }
            });
        }
        switch (format.format) {
            case CSV -> {
                Csv.row(out(), List.of("agent", "name", "found", "roots", "files", "calls"));
                for (Found f : agents) {
                    Csv.row(out(), List.of(f.log().name(), f.log().title(), Boolean.toString(!f.roots().isEmpty()),
                            f.roots().stream().map(Path::toString).collect(Collectors.joining(";")),
                            Integer.toString(f.files().size()), Long.toString(calls.getOrDefault(f.log().name(), 0L))));
                }
            }
            case JSON -> JsonOut.write(out(), json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("agents");
                for (Found f : agents) {
                    json.writeStartObject();
                    json.writeStringField("agent", f.log().name());
                    json.writeStringField("name", f.log().title());
                    json.writeBooleanField("found", !f.roots().isEmpty());
                    json.writeArrayFieldStart("roots");
                    for (Path root : f.roots()) {
                        json.writeString(root.toString());
                    }
                    json.writeEndArray();
                    json.writeNumberField("files", f.files().size());
                    json.writeNumberField("calls", calls.getOrDefault(f.log().name(), 0L));
                    json.writeBooleanField("hook", f.log().hasHook());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            default -> {
                TextTable table = new TextTable(List.of("Agent", "Found at", "Files", "Calls stored", "Hook"),
                        new boolean[] {false, false, true, true, false});
                for (Found f : agents) {
                    table.add(List.of(f.log().name(), f.roots().isEmpty() ? "—" : f.roots().stream().map(Path::toString)
                                    .collect(Collectors.joining(", ")), Numbers.count(f.files().size()),
                            Numbers.count(calls.getOrDefault(f.log().name(), 0L)), f.log().hasHook() ? "--hook" : ""));
                }
                table.print(out());
            }
        }
        return LlmcostException.EXIT_OK;
    }
}
