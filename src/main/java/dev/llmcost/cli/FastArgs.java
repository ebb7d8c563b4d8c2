package dev.llmcost.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A hand parser for the plain forms of one subcommand's flags ({@code --flag value},
 * {@code --flag=value}, a boolean {@code --flag}), for commands that run in prompts and status
 * lines where building picocli's model costs more than the command's work. It accepts only what
 * it is sure picocli would read the same way; anything else (help, an unknown or repeated flag, a
 * value that looks like a flag or an {@code @file}, a missing value) makes {@link #parse} answer
 * false, and picocli then runs and words the error.
 */
final class FastArgs {
    private final Map<String, Consumer<String>> values = new HashMap<>();
    private final Map<String, Runnable> flags = new HashMap<>();
    private final Set<String> repeatable = new HashSet<>();

    /** An option that takes one value, given at most once. */
    FastArgs value(String name, Consumer<String> setter) {
        values.put(name, setter);
        return this;
    }

    /** An option that takes one value each time and may be repeated. */
    FastArgs repeatable(String name, Consumer<String> setter) {
        repeatable.add(name);
        return value(name, setter);
    }

    /** A boolean option without a value. */
    FastArgs flag(String name, Runnable setter) {
        flags.put(name, setter);
        return this;
    }

    /**
     * Reads {@code args}: the global options ({@code --db}, {@code --tz}, {@code --debug}) anywhere,
     * the words of {@code command} in order, and this command's options after its last word.
     * False when picocli must read them instead; the setters may then have run, so the caller
     * throws its objects away.
     */
    boolean parse(String[] args, List<String> command, LlmcostCommand root) {
        int words = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@")) {
                return false; // picocli reads @files
            }
            if (!arg.startsWith("-")) {
                if (words < command.size() && arg.equals(command.get(words))) {
                    words++;
                    continue;
                }
                return false;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            boolean global = name.equals("--db") || name.equals("--tz") || name.equals("--debug");
            boolean own = words == command.size() && (values.containsKey(name) || flags.containsKey(name));
            if (!global && !own) {
                return false;
            }
            if (!seen.add(name) && !repeatable.contains(name)) {
                return false; // picocli refuses a single-value option given twice
            }
            if (name.equals("--debug") || flags.containsKey(name)) {
                if (value != null) {
                    return false;
                }
                if (name.equals("--debug")) {
                    root.debug = true;
                } else {
                    try {
                        flags.get(name).run();
                    } catch (IllegalArgumentException e) {
                        return false;
                    }
                }
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    return false;
                }
                value = args[++i];
                if (value.startsWith("-") || value.startsWith("@")) {
                    return false;
                }
            }
            try {
                switch (name) {
                    case "--db" -> root.db = Path.of(value);
                    case "--tz" -> root.tz = value;
                    default -> values.get(name).accept(value);
                }
            } catch (IllegalArgumentException e) {
                return false; // a value picocli would refuse (a bad path, an unknown format): it words the error
            }
        }
        return words == command.size();
    }
}
