package dev.llmcost.ingest;

import dev.llmcost.store.IngestStore.FileState;
import dev.llmcost.store.OpenCodeDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * OpenCode's messages: its SQLite store {@code opencode.db} and the older {@code storage/message/SESSION/MESSAGE.json}
 * files, each message parsed by {@link OpenCodeMessage}; format and traps in docs/AGENTS.md. A message file is read
 * whole when it changes. The database runs in WAL mode: its {@code -wal} file is listed too when it holds pages, and
 * either changing reads the rows of the database whose {@code time_updated} (OpenCode sets it on every insert and
 * update) is at most {@link #MARGIN_MS} older than the newest row of the last read, each file keeping its own mark.
 */
public final class OpenCodeLog implements AgentLog {
    public static final String NAME = "opencode";
    /**
     * How far before the last read's newest row the next read starts. OpenCode stamps {@code time_updated} with its
     * own clock before the write, which may wait up to 5 s for the lock (its busy_timeout) while another process
     * commits a later stamp; the margin covers that and small clock steps, for the price of reading again the rows
     * of the few minutes before.
     */
    static final long MARGIN_MS = 10 * 60_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "OpenCode";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Messages are read from DIR/opencode.db and DIR/storage/message/**/*.json for each --root, else",
                "each directory in $OPENCODE_DATA_DIR (comma-separated), else $XDG_DATA_HOME/opencode",
                "(~/.local/share/opencode). OpenCode has no command hook: run this when you want fresh figures.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "OPENCODE_DATA_DIR", () -> {
            String dataHome = env.apply("XDG_DATA_HOME");
            return List.of(dataHome != null && !dataHome.isBlank() ? Path.of(dataHome, "opencode")
                    : Path.of(env.apply("HOME"), ".local", "share", "opencode"));
        });
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Path database = database(root);
        if (database != null) {
            files.add(database);
            // An empty WAL holds nothing the main file lacks (reading the database creates one), so only a
            // WAL with pages in it is watched: OpenCode's new rows sit there until SQLite checkpoints them.
            Path wal = database.resolveSibling(database.getFileName() + "-wal");
            if (Files.isRegularFile(wal) && Files.size(wal) > 0) {
                files.add(wal);
            }
        }
        files.addAll(AgentLog.walk(root.resolve("storage").resolve("message"), name -> name.endsWith(".json")));
        return files;
    }

    /** {@code opencode.db}, else the first {@code opencode-CHANNEL.db} (as ccusage chooses), else null. */
    private static Path database(Path root) throws IOException {
        Path main = root.resolve("opencode.db");
        if (Files.isRegularFile(main)) {
            return main;
        }
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> p.getFileName().toString().matches("opencode-[A-Za-z0-9_-]+\\.db")
                    && Files.isRegularFile(p)).sorted().findFirst().orElse(null);
        }
    }

    @Override
    public ReadMode mode() {
        return ReadMode.SINCE;
    }

    @Override
    public FileParser open(Path file) {
        return new FileParser() {
            @Override
            public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) {
                throw new UnsupportedOperationException("OpenCode's messages are read whole");
            }

            @Override
            public long since(Path path, FileState previous, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                String name = path.getFileName().toString();
                if (!name.endsWith(".db") && !name.endsWith(".db-wal")) {
                    whole(path, out);
                    return 0;
                }
                boolean wal = name.endsWith("-wal");
                Path database = wal ? path.resolveSibling(name.substring(0, name.length() - 4)) : path;
                // A main file smaller than at the last read was replaced: read it all. A WAL shrinks whenever SQLite
                // starts it again. The row at the mark is always read again (the margin), so a database with nothing
                // that recent lost it (an older copy) and forEachMessageSince reads it all.
                long since = previous == null || !wal && Files.size(path) < previous.size() ? Long.MIN_VALUE
                        : previous.offset() - MARGIN_MS;
                long newest;
                try {
                    newest = OpenCodeDatabase.forEachMessageSince(database, since, (id, session, data) -> {
                        try {
                            OpenCodeMessage.parse(data, id, session).ifPresent(call -> out.accept(agentCall(call)));
                        } catch (OpenCodeMessage.UnreadableMessage e) {
                            // one broken row must not hide the others; it is read again when it is rewritten
                        }
                    });
                } catch (IOException e) {
                    throw new UnreadableLine(e.getMessage());
                }
                // a row stamped in the future (a clock set ahead) must not move the mark past rows written today
                return Math.max(0, Math.min(newest, System.currentTimeMillis()));
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                Optional<OpenCodeMessage.Call> call;
                try {
                    call = OpenCodeMessage.parse(Files.readAllBytes(path), null, null);
                } catch (OpenCodeMessage.UnreadableMessage e) {
                    throw new UnreadableLine(e.getMessage());
                }
                call.ifPresent(c -> out.accept(agentCall(c)));
            }
        };
    }

    private static AgentCall agentCall(OpenCodeMessage.Call call) {
        return new AgentCall(call.key(), call.at(), call.provider(), call.model(), call.tokens(), call.costUsd(),
                call.session(), call.project(), null);
    }
}
