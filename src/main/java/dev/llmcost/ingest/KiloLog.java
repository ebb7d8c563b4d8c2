package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.model.Tokens;
import dev.llmcost.store.ForeignDatabase;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Kilo CLI's messages (Kilo is a fork of OpenCode): its SQLite store {@code kilo.db}, table {@code message}
 * ({@code id}, {@code session_id}, {@code data}: the message JSON), read read-only. The JSON is OpenCode's:
 * {@code role}, {@code providerID}, {@code modelID}, {@code time.created}/{@code time.completed} (milliseconds;
 * seconds are taken too, as ccusage does), {@code tokens} {@code input}, {@code output}, {@code reasoning},
 * {@code cache.read}, {@code cache.write}, sometimes {@code total}, and {@code cost}. Traps:
 * <ul>
 * <li>A message is rewritten after every step of it, its tokens being the latest step's: it is read once
 * {@code time.completed} is set (ccusage reads it at any stage).</li>
 * <li>{@code total} may hold more than the parts (or be all there is): what it holds beyond input, output,
 * cache and reasoning is output when {@code output} is 0, else extra output (ccusage's reading). Reasoning and
 * that extra are priced as output, so llmcost's output includes both; reasoning stays apart within it.</li>
 * <li>User messages, rows whose JSON is broken and assistant messages without usage are no calls.</li>
 * <li>{@code providerID} {@code kilo} is Kilo's gateway: the provider then comes from the model name
 * ({@code anthropic/claude-sonnet-4.5}).</li>
 * </ul>
 */
public final class KiloLog implements AgentLog {
    public static final String NAME = "kilo";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Kilo";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Messages are read from DIR/kilo.db for each --root, else each directory in $KILO_DATA_DIR",
                "(comma-separated), else ~/.local/share/kilo. Kilo has no command hook: run this when you",
                "want fresh figures.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "KILO_DATA_DIR", () -> List.of(Path.of(env.apply("HOME"), ".local", "share", "kilo")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        return SqliteFiles.withWal(root.resolve("kilo.db"));
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
                throw new UnsupportedOperationException("Kilo's database is read whole");
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws UnreadableLine {
                try {
                    ForeignDatabase.forEachRow(SqliteFiles.database(path), "message",
                            "SELECT id, session_id, data FROM message", row -> {
                                String data = row.get("data") instanceof String s ? s : null;
                                if (data != null) {
                                    message(data, SqliteFiles.text(row.get("id")), SqliteFiles.text(row.get("session_id")))
                                            .ifPresent(out);
                                }
                            });
                } catch (IOException e) {
                    throw new UnreadableLine(e.getMessage());
                }
            }
        };
    }

    /** The call of one finished assistant message, or empty (not JSON, not an assistant's, unfinished, no usage). */
    static Optional<AgentCall> message(String data, String rowId, String rowSession) {
        JsonNode message;
        try {
            message = JSON.readTree(data);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (message == null || !message.isObject() || !"assistant".equals(message.path("role").asText(null))
                || !message.path("tokens").isObject() || !message.path("time").path("completed").isNumber()) {
            return Optional.empty();
        }
        Tokens tokens = tokens(message.get("tokens"));
        String model = text(message, "modelID");
        JsonNode created = message.path("time").path("created");
        Instant at = created.isIntegralNumber() && created.canConvertToLong() && created.asLong() > 0
                ? SqliteFiles.epoch(created.asLong()) : null;
        String id = Optional.ofNullable(text(message, "id")).orElse(rowId);
        if (tokens.total() == 0 || model == null || at == null || id == null) {
            return Optional.empty();
        }
        String session = rowSession != null ? rowSession : text(message, "sessionID");
        JsonNode path = message.path("path");
        String project = SqliteFiles.lastPart(Optional.ofNullable(text(path, "root")).filter(r -> !"/".equals(r))
                .orElse(text(path, "cwd")));
        JsonNode cost = message.get("cost");
        BigDecimal costUsd = cost != null && cost.isNumber() ? SqliteFiles.cost(cost.doubleValue()) : null;
        return Optional.of(new AgentCall(NAME + ":" + id, at, provider(text(message, "providerID")), model, tokens,
                costUsd, session, project != null ? project : NAME, null));
    }

    /** llmcost's split of Kilo's {@code tokens} (see the class notes). */
    static Tokens tokens(JsonNode tokens) {
        long input = count(tokens.get("input"));
        long output = count(tokens.get("output"));
        long reasoning = count(tokens.get("reasoning"));
        JsonNode cache = tokens.path("cache");
        long cacheRead = count(cache.get("read"));
        long cacheWrite = count(cache.get("write"));
        long missing = Math.max(0, count(tokens.get("total")) - (input + output + cacheRead + cacheWrite + reasoning));
        long counted = output + reasoning + missing;
        return new Tokens(input, counted, cacheWrite, cacheRead, reasoning);
    }

    /** A count as ccusage reads it: a whole number from 0 up, anything else 0. */
    private static long count(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0 ? value.asLong() : 0;
    }

    /** {@code kilo} (Kilo's gateway) and unknown providers leave the provider to the model name. */
    static String provider(String id) {
        if (id == null) {
            return null;
        }
        String name = id.toLowerCase(Locale.ROOT);
        return name.equals("kilo") || name.equals("kilocode") || name.equals("unknown") ? null : name;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }
}
