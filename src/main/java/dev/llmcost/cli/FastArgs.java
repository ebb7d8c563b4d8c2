package dev.llmcost.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A hand parser for the plain forms of one subcommand's flags ({@code --flag value},
 * {@code --flag=value}, a boolean {@code --flag}), for commands that run in prompts and status
 * lines where building picocli's model costs more than the command's work. It accepts only what
 * it is sure picocli would read the same way; anything else (help, an unknown or repeated flag, a
 * value that looks like a flag or an {@code @file}, a missing value) makes {@link #parse} answer
 * false, and picocli then runs and words the error. Subclasses name their options by overriding
 * the three methods below: plain methods rather than lambdas, because each lambda shape a short
 * run meets for the first time costs it method-handle classes generated at start-up.
 */
abstract class FastArgs {
    enum Kind { VALUE, REPEATABLE, FLAG }

    /** What {@code name} is for this command, or null when it is not one of its options. */
    abstract Kind kind(String name);

    /** Sets a value option; throws IllegalArgumentException for a value picocli would refuse. */
    void value(String name, String value) {
        throw new IllegalArgumentException(name);
    }

    /** Sets a boolean option; throws IllegalArgumentException when picocli would refuse it. */
    void flag(String name) {
        throw new IllegalArgumentException(name);
    }

    /**
     * Reads {@code args}: the global options ({@code --db}, {@code --tz}, {@code --debug}) anywhere,
     * the words of {@code command} in order, and this command's options after its last word.
     * False when picocli must read them instead; the setters may then have run, so the caller
     * throws its objects away.
     */
    final boolean parse(String[] args, List<String> command, LlmcostCommand root) {
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
            Kind kind = global ? (name.equals("--debug") ? Kind.FLAG : Kind.VALUE)
                    : words == command.size() ? kind(name) : null;
            if (kind == null) {
                return false;
            }
            if (!seen.add(name) && kind != Kind.REPEATABLE) {
                return false; // picocli refuses a single-value option given twice
            }
            try {
                if (kind == Kind.FLAG) {
                    if (value != null) {
                        return false;
                    }
                    if (name.equals("--debug")) {
                        root.debug = true;
                    } else {
                        flag(name);
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
                if (name.equals("--db")) {
                    root.db = value;
                } else if (name.equals("--tz")) {
                    root.tz = value;
                } else {
                    value(name, value);
                }
            } catch (IllegalArgumentException e) {
                return false; // a value picocli would refuse (a bad path, an unknown format): it words the error
            }
        }
        return words == command.size();
    }
}
