package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.model.Tokens;
import dev.llmcost.store.ForeignDatabase;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Goose's sessions: its SQLite store {@code sessions.db} (table {@code sessions}), read read-only. Goose keeps
 * no usage per call: each session row holds running sums, {@code accumulated_input_tokens},
 * {@code accumulated_output_tokens}, {@code accumulated_total_tokens} (older rows: only {@code input_tokens},
 * {@code output_tokens}, {@code total_tokens}, which newer Goose uses for the latest turn), so one session is one
 * call, as ccusage counts it. Traps:
 * <ul>
 * <li>The row grows while the session runs, and a stored key is never stored again: a session is read once it
 * has been left alone for {@link #SETTLED} ({@code updated_at}, else {@code created_at}); until then the
 * database is read again at every ingest ({@link FileParser#readAgain}). Growth after that (a session resumed
 * hours later) is not seen.</li>
 * <li>{@code total} above {@code input + output} is output-priced extra use (ccusage's reading): llmcost's output
 * includes it, as reasoning. No cache columns: cache tokens are 0.</li>
 * <li>{@code created_at} is SQLite text ({@code 2026-11-03 09:15:00}, UTC), ISO-8601, or epoch seconds/millis.</li>
 * <li>The model is {@code model_config_json.model_name}; a session without one is no call.</li>
 * </ul>
 */
public final class GooseLog implements AgentLog {
    public static final String NAME = "goose";
    /** How long a session row must have been left alone before its sums are taken as final. */
    public static final Duration SETTLED = Duration.ofHours(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock;

    public GooseLog() {
        this(Clock.systemUTC());
    }

    public GooseLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Goose";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Sessions are read from DIR/sessions.db, DIR/sessions/sessions.db or DIR/data/sessions/sessions.db",
                "for each --root, else each directory in $GOOSE_PATH_ROOT (comma-separated), else",
                "~/.local/share/goose, ~/Library/Application Support/goose and ~/.local/share/Block/goose.",
                "Goose keeps running sums per session: a session counts as one call once idle for an hour.",
                "Goose has no command hook: run this when you want fresh figures.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        String configured = env.apply("GOOSE_PATH_ROOT");
        if (configured != null && !configured.isBlank()) {
            return AgentLog.rootsFrom(env, "GOOSE_PATH_ROOT", List::of);
        }
        String home = env.apply("HOME");
        return List.of(Path.of(home, ".local", "share", "goose"), Path.of(home, "Library", "Application Support", "goose"),
                Path.of(home, ".local", "share", "Block", "goose"));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        SqliteFiles.addWithWal(root.resolve("sessions.db"), files);
        SqliteFiles.addWithWal(root.resolve("sessions").resolve("sessions.db"), files);
        SqliteFiles.addWithWal(root.resolve("data").resolve("sessions").resolve("sessions.db"), files);
        return files;
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
                throw new UnsupportedOperationException("Goose's database is read whole");
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws UnreadableLine {
                Instant settledBefore = clock.instant().minus(SETTLED);
                try {
                    ForeignDatabase.forEachRow(SqliteFiles.database(path), "sessions", "SELECT * FROM sessions", row -> {
                        Instant last = Optional.ofNullable(SqliteFiles.time(row.get("updated_at")))
                                .orElse(SqliteFiles.time(row.get("created_at")));
                        Optional<AgentCall> call = session(row);
                        if (call.isPresent() && last != null && last.isAfter(settledBefore)) {
                            unsettled = true;
                        } else {
                            call.ifPresent(out);
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

    /** The call of one session row (columns by lower-case name), or empty when it has no model, time or usage. */
    static Optional<AgentCall> session(Map<String, Object> row) {
        String id = SqliteFiles.text(row.get("id"));
        String model = model(SqliteFiles.text(row.get("model_config_json")));
        Instant at = SqliteFiles.time(row.get("created_at"));
        if (id == null || model == null || at == null) {
            return Optional.empty();
        }
        long input = first(row, "accumulated_input_tokens", "input_tokens", 0);
        long output = first(row, "accumulated_output_tokens", "output_tokens", 0);
        long total = first(row, "accumulated_total_tokens", "total_tokens", input + output);
        if (input == 0 && output == 0 && total == 0) {
            return Optional.empty();
        }
        long extra = Math.max(0, total - input - output);
        Tokens tokens = new Tokens(input, output + extra, 0, 0, extra);
        String project = SqliteFiles.lastPart(SqliteFiles.text(row.get("working_dir")));
        return Optional.of(new AgentCall(NAME + ":" + id, at, provider(SqliteFiles.text(row.get("provider_name"))),
                model, tokens, SqliteFiles.cost(row.get("accumulated_cost")), id, project != null ? project : NAME, null));
    }

    /** The newer running sum when above 0, else the older column when above 0, else {@code otherwise}. */
    private static long first(Map<String, Object> row, String newer, String older, long otherwise) {
        Long value = SqliteFiles.positive(row.get(newer));
        if (value == null) {
            value = SqliteFiles.positive(row.get(older));
        }
        return value != null ? value : otherwise;
    }

    private static String model(String config) {
        if (config == null) {
            return null;
        }
        try {
            JsonNode name = JSON.readTree(config).path("model_name");
            return name.isTextual() && !name.asText().isBlank() ? name.asText().trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Goose's provider names that are pricing providers ({@code anthropic}, {@code openai}, {@code google}, …) are
     * kept; its gateways and clouds ({@code databricks}, {@code tetrate}, {@code gcp_vertex_ai}, …) are mapped where
     * the vendor is plain, else left to the model name (null).
     */
    static String provider(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "anthropic", "claude_code" -> "anthropic";
            case "openai", "codex", "chatgpt_codex" -> "openai";
            case "google", "gemini_cli", "gcp_vertex_ai" -> "google";
            case "openrouter" -> "openrouter";
            case "xai" -> "x-ai";
            case "groq" -> "groq";
            case "mistral" -> "mistral";
            case "deepseek" -> "deepseek";
            case "aws_bedrock" -> "aws";
            case "azure_openai" -> "azure";
            case "ollama" -> "ollama";
            case "lmstudio" -> "lmstudio";
            default -> null;
        };
    }
}
