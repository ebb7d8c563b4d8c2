package dev.llmcost.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a command reads from the world besides its arguments; tests pass their own. Whether stderr is a
 * terminal is asked only when a command would print progress: finding out loads the JDK's console
 * providers, a few milliseconds that a report in a prompt does not need.
 */
public record Environment(Clock clock, Map<String, String> variables, InputStream stdin, Path workingDir,
                          BooleanSupplier terminal) {
    public static Environment system() {
        return new Environment(Clock.systemUTC(), System.getenv(), System.in,
                Path.of("").toAbsolutePath(), () -> System.console() != null);
    }

    public boolean stderrIsTerminal() {
        return terminal.getAsBoolean();
    }

    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
