package dev.llmcost.cli;

import dev.llmcost.env.Environment;
import dev.llmcost.model.LlmcostException;

import java.io.PrintWriter;
import java.util.OptionalInt;

/**
 * {@code llmcost record} without picocli: hooks call it thousands of times a day, and building
 * picocli's model of every command costs more than the rest of the call. It understands exactly
 * the flags of {@link RecordCommand} in their plain forms ({@code --flag value}, {@code --flag=value});
 * anything else (help, an unknown or malformed flag) goes to picocli, which then reports it.
 */
final class FastRecord {
    private FastRecord() {
    }

    static OptionalInt tryRun(Environment environment, PrintWriter out, PrintWriter err, String[] args) {
        LlmcostCommand root = new LlmcostCommand(environment);
        RecordCommand record = new RecordCommand();
        boolean seenRecord = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!seenRecord && arg.equals("record")) {
                seenRecord = true;
                continue;
            }
            if (arg.equals("--debug")) {
                root.debug = true;
                continue;
            }
            if (arg.equals("--fail-over-budget") && seenRecord) {
                record.failOverBudget = true;
                continue;
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return OptionalInt.empty();
            }
            if (!(seenRecord ? set(record, root, name, value) : setGlobal(root, name, value))) {
                return OptionalInt.empty();
            }
        }
        if (!seenRecord) {
            return OptionalInt.empty();
        }
        record.bind(root, out, err);
        try {
            return OptionalInt.of(record.call());
        } catch (LlmcostException e) {
            err.println("llmcost: " + e.getMessage());
            if (root.debug || "1".equals(environment.variable("LLMCOST_DEBUG"))) {
                e.printStackTrace(err);
            }
            return OptionalInt.of(e.exitCode());
        } catch (RuntimeException e) {
            err.println("llmcost: internal error: " + e + (root.debug ? "" : " (run with --debug for details)"));
            if (root.debug) {
                e.printStackTrace(err);
            }
            return OptionalInt.of(LlmcostException.EXIT_RUNTIME);
        }
    }

    private static boolean setGlobal(LlmcostCommand root, String name, String value) {
        switch (name) {
            case "--db" -> root.db = value;
            case "--tz" -> root.tz = value;
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean set(RecordCommand r, LlmcostCommand root, String name, String value) {
        try {
            switch (name) {
                case "--model" -> r.model = value;
                case "--provider" -> r.provider = value;
                case "--project" -> r.project = value;
                case "--input-tokens" -> r.inputTokens = Long.parseLong(value);
                case "--output-tokens" -> r.outputTokens = Long.parseLong(value);
                case "--cache-write-tokens" -> r.cacheWriteTokens = Long.parseLong(value);
                case "--cache-read-tokens" -> r.cacheReadTokens = Long.parseLong(value);
                case "--cache-write-1h-tokens" -> r.cacheWrite1hTokens = Long.parseLong(value);
                case "--reasoning-tokens" -> r.reasoningTokens = Long.parseLong(value);
                case "--cost" -> r.cost = value;
                case "--user" -> r.user = value;
                case "--session" -> r.session = value;
                case "--agent" -> r.agent = value;
                case "--task" -> r.task = value;
                case "--run" -> r.run = value;
                case "--request-type" -> r.requestType = value;
                case "--duration-ms" -> r.durationMs = Long.parseLong(value);
                case "--at" -> r.at = value;
                case "--id" -> r.id = value;
                case "--json" -> r.json = value;
                case "--tag" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        return false;
                    }
                    r.tags.put(value.substring(0, equals), value.substring(equals + 1));
                }
                default -> {
                    return setGlobal(root, name, value);
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false; // picocli words the error
        }
    }
}
