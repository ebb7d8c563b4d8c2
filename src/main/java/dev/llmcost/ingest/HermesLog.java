package dev.llmcost.ingest;

import dev.llmcost.model.Tokens;
import dev.llmcost.store.ForeignDatabase;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Hermes Agent's sessions: its SQLite store {@code state.db} (table {@code sessions}), read read-only. Hermes adds
 * each API call's usage to its session's row ({@code input_tokens}, {@code output_tokens}, {@code cache_read_tokens},
 * {@code cache_write_tokens}, {@code reasoning_tokens}, {@code actual_cost_usd}/{@code estimated_cost_usd}), so one
 * session is one call, as ccusage counts it. Traps:
 * <ul>
 * <li>The row grows while the session runs, and a stored key is never stored again: a session is read once
 * {@code ended_at} is set, or once it has been left alone for {@link #SETTLED} (its latest message's
 * {@code timestamp}, else {@code started_at}: a session Hermes never closed, e.g. killed); until then the database
 * is read again at every ingest ({@link FileParser#readAgain}). A session resumed after that is not seen to grow.</li>
 * <li>{@code reasoning_tokens} is counted beside {@code output_tokens} (ccusage prices it as output on top):
 * llmcost's output is their sum, reasoning apart within it.</li>
 * <li>{@code started_at} is a REAL of seconds (milliseconds above 10^12); counts may be REAL too.</li>
 * <li>Sessions without a model are no calls; one with neither tokens nor a cost neither.</li>
 * </ul>
 */
public final class HermesLog implements AgentLog {
    public static final String NAME = "hermes";
    /** How long an unclosed session must have been left alone before its sums are taken as final. */
    public static final Duration SETTLED = Duration.ofHours(1);

    private final Clock clock;

    public HermesLog() {
        this(Clock.systemUTC());
    }

    public HermesLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Hermes Agent";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Sessions are read from DIR/state.db for each --root, else each directory in $HERMES_HOME",
                "(comma-separated), else ~/.hermes. Hermes keeps running sums per session: a session counts",
                "as one call once ended (or idle for an hour). Hermes has no command hook: run this when you",
                "want fresh figures.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "HERMES_HOME", () -> List.of(Path.of(env.apply("HOME"), ".hermes")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        return SqliteFiles.withWal(root.resolve("state.db"));
    }

    @Override
    public ReadMode mode() {
        return ReadMode.WHOLE;
    }

    @Override
    public FileParser open(Path file) {
        return new FileParser() {
            private boolean unsettled;

            @Override
            public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) {
                throw new UnsupportedOperationException("Hermes' database is read whole");
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws UnreadableLine {
                Path database = SqliteFiles.database(path);
                Instant settledBefore = clock.instant().minus(SETTLED);
                try {
                    Map<String, Instant> lastMessage = lastMessages(database);
                    ForeignDatabase.forEachRow(database, "sessions", "SELECT * FROM sessions", row -> {
                        Optional<AgentCall> call = session(row);
                        if (call.isEmpty()) {
                            return;
                        }
                        Instant last = lastMessage.getOrDefault(call.get().session(), call.get().at());
                        if (row.get("ended_at") == null && last.isAfter(settledBefore)) {
                            unsettled = true;
                        } else {
                            out.accept(call.get());
                        }
                    });
                } catch (IOException e) {
                    throw new UnreadableLine(e.getMessage());
                }
            }

            @Override
            public boolean readAgain() {
                return unsettled;
            }
        };
    }

    /** Each session's latest message time; empty when the database has no usable {@code messages} table. */
    private static Map<String, Instant> lastMessages(Path database) {
        Map<String, Instant> last = new HashMap<>();
        try {
            ForeignDatabase.forEachRow(database, "messages",
                    "SELECT session_id, MAX(timestamp) AS last FROM messages GROUP BY session_id", row -> {
                        String session = SqliteFiles.text(row.get("session_id"));
                        Instant at = SqliteFiles.time(row.get("last"));
                        if (session != null && at != null) {
                            last.put(session, at);
                        }
                    });
        } catch (IOException e) {
            last.clear(); // an older or other schema: started_at decides
        }
        return last;
    }

    /** The call of one session row (columns by lower-case name), or empty when it has no model, time or usage. */
    static Optional<AgentCall> session(Map<String, Object> row) {
        String id = SqliteFiles.text(row.get("id"));
        String model = SqliteFiles.text(row.get("model"));
        Object started = row.get("started_at");
        Instant at = started instanceof Number n ? SqliteFiles.epoch(n.doubleValue()) : null;
        if (id == null || model == null || at == null) {
            return Optional.empty();
        }
        long reasoning = SqliteFiles.count(row.get("reasoning_tokens"));
        Tokens tokens = new Tokens(SqliteFiles.count(row.get("input_tokens")),
                SqliteFiles.count(row.get("output_tokens")) + reasoning, SqliteFiles.count(row.get("cache_write_tokens")),
                SqliteFiles.count(row.get("cache_read_tokens")), reasoning);
        BigDecimal cost = Optional.ofNullable(SqliteFiles.cost(row.get("actual_cost_usd")))
                .orElse(SqliteFiles.cost(row.get("estimated_cost_usd")));
        if (tokens.total() == 0 && cost == null) {
            return Optional.empty();
        }
        String source = SqliteFiles.text(row.get("source"));
        return Optional.of(new AgentCall(NAME + ":" + id, at, provider(SqliteFiles.text(row.get("billing_provider"))),
                model, tokens, cost, id, NAME, source != null ? Map.of("source", source) : null));
    }

    /** Hermes' billing providers as pricing providers (as ccusage maps them); others by the model name (null). */
    static String provider(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "anthropic", "claude" -> "anthropic";
            case "openai", "openai_codex" -> "openai";
            case "google", "google_ai", "gemini", "vertex", "vertex_ai" -> "google";
            case "openrouter" -> "openrouter";
            case "xai" -> "x-ai";
            case "groq" -> "groq";
            case "deepseek" -> "deepseek";
            case "mistral" -> "mistral";
            default -> null;
        };
    }
}
