package dev.llmcost.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** What a command reads from the world besides its arguments; tests pass their own. */
public record Environment(Clock clock, Map<String, String> variables, InputStream stdin, Path workingDir,
                          boolean stderrIsTerminal) {
    public static Environment system() {
        return new Environment(Clock.systemUTC(), System.getenv(), System.in,
                Path.of("").toAbsolutePath(), System.console() != null);
    }

    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
