package dev.llmcost.ingest;

import dev.llmcost.model.Tokens;
import dev.llmcost.pricing.Providers;
import dev.llmcost.store.ZCodeDatabase;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * ZCode CLI (z.ai's coding agent): one SQLite database, {@code $ZCODE_HOME/cli/db/db.sqlite}, {@code ZCODE_HOME}
 * defaulting to {@code ~/.zcode} (comma-separated for several, as ccusage reads it). Table {@code model_usage} holds
 * one row per model request: {@code id} (unique), {@code session_id}, {@code turn_id}, {@code model_id},
 * {@code provider_id}, {@code input_tokens} (the whole prompt, OpenAI-style: cache reads and writes included),
 * {@code output_tokens}, {@code reasoning_tokens}, {@code cache_creation_input_tokens},
 * {@code cache_read_input_tokens}, {@code computed_total_tokens}, {@code started_at} / {@code completed_at}
 * (epoch milliseconds) and {@code status}; table {@code session} the session's {@code directory} (newer ZCode
 * keeps one row per session {@code version}). Older databases lack the cache, reasoning and provider columns.
 * The CLI's own JSONL activity log ({@code cli/log/*.jsonl}) redacts token counts and is not read.
 * <p>
 * Read as ccusage 20.0.24 reads it: rows with {@code status = 'completed'} only (a running or failed request has
 * no final counts), time {@code started_at}, cache read = min(cache read, input), cache write = min(cache creation,
 * input - cache read), input = the rest, output = {@code output_tokens}; a count that is not a non-negative number
 * is 0; a row without a model or time, or with every count 0, is no call. Reasoning (which ccusage does not read)
 * is {@code reasoning_tokens}, at most the output. The database is rewritten in place: read whole, read-only,
 * whenever it or its WAL changes; the key {@code zcode:<model_usage.id>} makes re-reads and a database found
 * under two roots add nothing. ZCode stores no cost: calls are priced from the table (GLM models as Zhipu's).
 */
public final class ZCodeLog implements AgentLog {
    public static final String NAME = "zcode";
    /** 9999-12-31T23:59:59.999Z: later times would not sort as text in the database. */
    private static final long LAST_MILLIS = 253_402_300_799_999L;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "ZCode";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Requests are read from DIR/cli/db/db.sqlite for each --root, else each directory in $ZCODE_HOME",
                "(comma-separated), else ~/.zcode. ZCode has no command hook: run this when you want fresh figures.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "ZCODE_HOME", () -> List.of(Path.of(env.apply("HOME"), ".zcode")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Path database = root.resolve("cli").resolve("db").resolve("db.sqlite");
        if (Files.isRegularFile(database)) {
            files.add(database);
            Path wal = database.resolveSibling("db.sqlite-wal");
            if (Files.isRegularFile(wal) && Files.size(wal) > 0) {
                files.add(wal);
            }
        }
        return files;
    }

    @Override
    public ReadMode mode() {
        return ReadMode.WHOLE;
    }

    @Override
    public FileParser open(Path file) {
        return new FileParser() {
            @Override
            public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) {
                throw new UnsupportedOperationException("ZCode's database is read whole");
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws UnreadableLine {
                String name = path.getFileName().toString();
                Path database = name.endsWith("-wal") ? path.resolveSibling(name.substring(0, name.length() - 4)) : path;
                try {
                    ZCodeDatabase.forEachCompleted(database, row -> call(row).ifPresent(out));
                } catch (IOException e) {
                    throw new UnreadableLine(e.getMessage());
                }
            }
        };
    }

    static Optional<AgentCall> call(ZCodeDatabase.Row row) {
        Long millis = millis(row.startedAt());
        if (row.id() == null || row.model() == null || row.model().isBlank() || millis == null) {
            return Optional.empty();
        }
        long prompt = count(row.input());
        long output = count(row.output());
        long cacheRead = Math.min(count(row.cacheRead()), prompt);
        long cacheWrite = Math.min(count(row.cacheCreation()), prompt - cacheRead);
        Tokens tokens = new Tokens(prompt - cacheRead - cacheWrite, output, cacheWrite, cacheRead,
                Math.min(count(row.reasoning()), output));
        if (tokens.total() == 0) {
            return Optional.empty();
        }
        return Optional.of(new AgentCall(NAME + ":" + row.id(), Instant.ofEpochMilli(millis), provider(row.model()),
                row.model(), tokens, null, row.sessionId(), project(row.directory()), null));
    }

    /** GLM models are Zhipu's (z.ai's); anything else ZCode was pointed at, by its name. */
    static String provider(String model) {
        return model.toLowerCase(Locale.ROOT).startsWith("glm") ? "zhipuai" : Providers.infer(model);
    }

    private static Long millis(Object value) {
        if (!(value instanceof Number number)) {
            return null;
        }
        long millis = number instanceof BigDecimal || number instanceof Double || number instanceof Float
                ? (long) Math.floor(number.doubleValue()) : number.longValue();
        return millis > 0 && millis <= LAST_MILLIS ? millis : null;
    }

    /** A count as ccusage reads it: a non-negative number (a fraction rounded down), else 0. */
    private static long count(Object value) {
        if (!(value instanceof Number number)) {
            return 0;
        }
        double asDouble = number.doubleValue();
        if (!(asDouble > 0)) {
            return 0;
        }
        long count = number instanceof Double || number instanceof Float ? (long) Math.floor(asDouble) : number.longValue();
        return Math.min(count, Long.MAX_VALUE / 8);
    }

    private static String project(String directory) {
        if (directory == null || directory.isBlank()) {
            return NAME;
        }
        String trimmed = directory.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        String name = trimmed.substring(slash + 1);
        return name.isEmpty() ? directory : name;
    }
}
