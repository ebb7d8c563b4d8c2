package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One coding agent's on-disk log format: where its files are and how their bytes become calls.
 * {@link Ingester} does the rest for every agent alike (offsets per file, unfinished last lines,
 * rewritten files, batching, keys that stop doubles). To add an agent: one class implementing this,
 * one line in {@link AgentLogs#ALL}, one fixture test (see docs/DESIGN.md, "Adding an agent").
 */
public interface AgentLog {
    /** How a file of this agent changes between two reads. */
    enum ReadMode {
        /** JSON lines that only grow: each run reads from the offset committed last time; a shorter file is read again. */
        APPEND,
        /** A file rewritten in place (one JSON document): read whole whenever its size or modification time changes. */
        WHOLE,
        /**
         * A database whose rows say when they were last written: read whenever its size or modification time
         * changes, by {@link FileParser#since}, from the position that call returned last time (e.g. a time).
         */
        SINCE
    }

    /** The CLI name (`llmcost ingest NAME`), the key prefix of its calls and the {@code agent} column: "claude-code", "codex", … */
    String name();

    /** How a cost the log itself carries is named in the stored cost basis (see {@code Pricer.Priced#basis}). */
    default String costBasis() {
        return name() + " log";
    }

    /** The agent's name for people, e.g. "Claude Code". */
    String title();

    /** Lines for the help footer of {@code ingest NAME}: where the files are, which variable moves them, the hook. */
    List<String> help();

    /**
     * The directories to read when no {@code --root} is given, from the environment ({@code env} maps a
     * variable's name to its value or null; HOME is always set). They need not exist.
     */
    List<Path> defaultRoots(UnaryOperator<String> env);

    /** Its log files under one root, sorted; empty when the root holds none (a missing directory is no error). */
    List<Path> files(Path root) throws IOException;

    ReadMode mode();

    /** A parser for one file, holding that file's state (the model of the latest turn, the session …). */
    FileParser open(Path file);

    /** True when {@code llmcost ingest NAME --hook} is offered: the agent calls a command after each turn. */
    default boolean hasHook() {
        return false;
    }

    /**
     * The log file a hook call is about, from the JSON the agent hands its hook (on stdin, or as the
     * last argument); {@code roots} are where to look when the JSON names only a session; {@code env} as in
     * {@link #defaultRoots}.
     *
     * @throws IllegalArgumentException with a one-line reason when the JSON names no readable file
     */
    default Path hookFile(JsonNode input, List<Path> roots, UnaryOperator<String> env) {
        throw new IllegalArgumentException(name() + " has no hook");
    }

    /**
     * The directories an environment variable lists (comma-separated, blanks skipped), or {@code otherwise}
     * when it is not set: how every agent lets the user point at its logs.
     */
    static List<Path> rootsFrom(UnaryOperator<String> env, String variable, Supplier<List<Path>> otherwise) {
        String configured = env.apply(variable);
        if (configured == null) {
            return otherwise.get();
        }
        List<Path> dirs = new ArrayList<>();
        for (String dir : configured.split(",")) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir.trim()));
            }
        }
        return dirs;
    }

    /** The transcript a hook's JSON names in {@code transcript_path} ({@code ~/} is the home); it must exist. */
    static Path transcriptPath(JsonNode input, UnaryOperator<String> env, String whenMissing) {
        String path = input == null ? null : input.path("transcript_path").asText(null);
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException(whenMissing);
        }
        Path transcript;
        try {
            transcript = Path.of(path.startsWith("~/") ? env.apply("HOME") + path.substring(1) : path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("transcript_path is not a path: " + e.getMessage());
        }
        if (!Files.isRegularFile(transcript)) {
            throw new IllegalArgumentException("transcript " + transcript + " does not exist");
        }
        return transcript;
    }

    /** The regular files under {@code dir} (recursively) whose name passes {@code name}, sorted; empty when dir is absent. */
    static List<Path> walk(Path dir, Predicate<String> name) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> name.test(p.getFileName().toString()) && Files.isRegularFile(p)).sorted().forEach(files::add);
        }
        return files;
    }
}
