package dev.llmcost.cli;

import dev.llmcost.capture.TextFields;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.ProjectStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

@Command(mixinStandardHelpOptions = true, name = "pin", description = "Pin favourite projects: they come first, in your order, in reports, budgets and project lists.",
        subcommands = {PinCommand.Add.class, PinCommand.Remove.class, PinCommand.ListPins.class, PinCommand.Move.class})
public final class PinCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: add, remove, list or move");
    }

    @Command(mixinStandardHelpOptions = true, name = "add", description = "Pin projects, after the ones already pinned (creates projects that have no rows yet).")
    static final class Add extends BaseCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() {
            names.forEach(n -> TextFields.check("NAME", n));
            try (Store store = openStore()) {
                store.write(connection -> {
                    ProjectStore projects = new ProjectStore(connection);
                    for (String name : names) {
                        if (!projects.pin(name, environment().clock().instant())) {
                            err().println("llmcost: " + name + " is already pinned");
                        }
                    }
                    return null;
                });
            }
            return LlmcostException.EXIT_OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "remove", description = "Unpin projects (their rows stay).")
    static final class Remove extends BaseCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() {
            try (Store store = openStore()) {
                store.write(connection -> {
                    ProjectStore projects = new ProjectStore(connection);
                    for (String name : names) {
                        if (!projects.exists(name)) {
                            throw LlmcostException.usage("unknown project '" + name + "'");
                        }
                        if (!projects.unpin(name)) {
                            throw LlmcostException.usage("project '" + name + "' is not pinned");
                        }
                    }
                    return null;
                });
            }
            return LlmcostException.EXIT_OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "move", description = "Move a pinned project to POSITION (1 is first); the others shift.")
    static final class Move extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "POSITION")
        int position;

        @Override
        public Integer call() {
            if (position < 1) {
                throw LlmcostException.usage("POSITION must be 1 or more, got " + position);
            }
            try (Store store = openStore()) {
                store.write(connection -> {
                    ProjectStore projects = new ProjectStore(connection);
                    if (!projects.exists(name)) {
                        throw LlmcostException.usage("unknown project '" + name + "'");
                    }
                    if (!projects.move(name, position)) {
                        throw LlmcostException.usage("project '" + name + "' is not pinned; pin it with 'llmcost pin add'");
                    }
                    return null;
                });
            }
            return LlmcostException.EXIT_OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Pinned projects, in order: position and name.")
    static final class ListPins extends BaseCommand {
        @Mixin
        FormatOptions format;

        @Override
        public Integer call() {
            Map<String, Integer> pins;
            try (Store store = openStore()) {
                pins = store.read(connection -> new ProjectStore(connection).pinOrder());
            }
            switch (format.format) {
                case JSON -> JsonOut.write(out(), json -> {
                    json.writeStartObject();
                    json.writeArrayFieldStart("pins");
                    for (Map.Entry<String, Integer> pin : pins.entrySet()) {
                        json.writeStartObject();
                        json.writeNumberField("pin_order", pin.getValue());
                        json.writeStringField("name", pin.getKey());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                });
                case CSV -> {
                    Csv.row(out(), List.of("pin_order", "name"));
                    pins.forEach((name, position) -> Csv.row(out(), List.of(position.toString(), name)));
                }
                // one line per pin, without a header, as before --format existed: scripts read it
                default -> pins.forEach((name, position) -> out().println(position + "  " + TextTable.visible(name)));
            }
            return LlmcostException.EXIT_OK;
        }
    }
}
