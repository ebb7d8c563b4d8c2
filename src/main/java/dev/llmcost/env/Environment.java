package dev.llmcost.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a command reads from the world besides its arguments; tests pass their own. Whether stderr is a
 * terminal is asked only when a command would print progress or a confirmation there.
 */
public record Environment(Clock clock, Map<String, String> variables, InputStream stdin, Path workingDir,
                          BooleanSupplier terminal) {
    public static Environment system() {
        return new Environment(Clock.systemUTC(), System.getenv(), System.in,
                Path.of("").toAbsolutePath(), Environment::stderrIsTty);
    }

    /**
     * Linux names the device behind file descriptor 2; elsewhere System.console() stands in (it tells
     * whether stdin and stdout are terminals, and loads the JDK's console providers to do so).
     */
    private static boolean stderrIsTty() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    public boolean stderrIsTerminal() {
        return terminal.getAsBoolean();
    }

    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
