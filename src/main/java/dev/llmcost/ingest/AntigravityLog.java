package dev.llmcost.ingest;

import dev.llmcost.model.Tokens;
import dev.llmcost.pricing.Providers;
import dev.llmcost.store.AntigravityDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Google Antigravity's conversations: one SQLite database per conversation,
 * {@code <data dir>/conversations/<conversation id>.db}, the data dirs being {@code ~/.gemini/antigravity},
 * {@code ~/.gemini/antigravity-cli}, {@code ~/.gemini/antigravity-ide}, {@code ~/.gemini/antigravity-backup} and
 * {@code ~/.config/antigravity}, or {@code $ANTIGRAVITY_DATA_DIR} (comma-separated), as ccusage 20.0.24 reads them.
 * Its rows are protobuf blobs without a published schema; what is read here was learnt from what ccusage 20.0.24
 * counts (see docs/AGENTS.md):
 * <ul>
 * <li>{@code gen_metadata(idx, data)}: one row per model generation. {@code data} field 1 is the chat model
 *     message, whose field 4 is the usage: 1 model (an enum), 2 input, 3 output (thinking included), 4 cache
 *     write, 5 cache read, 9 thinking, 10 output (without thinking, when written).</li>
 * <li>{@code trajectory_metadata_blob(data)}: the first row's field 2 is a {@code Timestamp} (1 seconds, 2 nanos),
 *     the conversation's time, given to every generation in it; without one the database file's modification time
 *     is used, as ccusage does.</li>
 * <li>{@code steps(idx, metadata)} is read by ccusage too, but changes nothing it counts; not read here.</li>
 * </ul>
 * Token split, as ccusage's: input, cache write and cache read apart; visible output = max(field 3 − thinking,
 * field 10); llmcost's output = visible output + thinking (billed as output), reasoning = thinking. A generation
 * whose counts are all 0 is no call. Key {@code antigravity:<conversation id>:<idx>}: a conversation copied into
 * {@code antigravity-backup} (or found under two roots) counts once, where ccusage counts every copy.
 */
public final class AntigravityLog implements AgentLog {
    public static final String NAME = "antigravity";
    /** Model enum values ccusage 20.0.24 names (others: {@code antigravity-model-N}, {@code model_placeholder_mN}). */
    private static final Map<Long, String> MODELS = Map.ofEntries(
            Map.entry(0L, "gemini-internal-model"),
            Map.entry(246L, "gemini-2.5-pro"),
            Map.entry(281L, "claude-4-sonnet"), Map.entry(282L, "claude-4-sonnet"),
            Map.entry(290L, "claude-4-opus"), Map.entry(291L, "claude-4-opus"),
            Map.entry(312L, "gemini-2.5-flash"),
            Map.entry(313L, "gemini-2.5-flash-thinking"), Map.entry(329L, "gemini-2.5-flash-thinking"),
            Map.entry(330L, "gemini-2.5-flash-lite"),
            Map.entry(333L, "claude-4.5-sonnet"), Map.entry(334L, "claude-4.5-sonnet"),
            Map.entry(340L, "claude-4.5-haiku"), Map.entry(341L, "claude-4.5-haiku"),
            Map.entry(342L, "gpt-oss-120b-medium"),
            Map.entry(1016L, "gemini-3.1-pro"), Map.entry(1036L, "gemini-3.1-pro"), Map.entry(1037L, "gemini-3.1-pro"),
            Map.entry(1018L, "gemini-3-flash-preview"), Map.entry(1047L, "gemini-3-flash-preview"),
            Map.entry(1084L, "gemini-3-flash-preview"),
            Map.entry(1020L, "gemini-3.5-flash-medium"),
            Map.entry(1026L, "claude-opus-4-6"), Map.entry(1035L, "claude-sonnet-4-6"),
            Map.entry(1071L, "gemini-3.6-flash-high"), Map.entry(1072L, "gemini-3.6-flash-medium"),
            Map.entry(1073L, "gemini-3.6-flash-low"),
            Map.entry(1132L, "gemini-3.5-flash-high"), Map.entry(1133L, "gemini-3.5-flash-high"),
            Map.entry(1187L, "gemini-3.5-flash-extra-low"),
            Map.entry(1298L, "gemini-3.7-flash-high"), Map.entry(1299L, "gemini-3.7-flash-medium"),
            Map.entry(1300L, "gemini-3.7-flash-low"),
            Map.entry(1318L, "gemini-3.8-flash-high"), Map.entry(1319L, "gemini-3.8-flash-medium"),
            Map.entry(1320L, "gemini-3.8-flash-low"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Antigravity";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Conversations are read from DIR/conversations/*.db for each --root, else each directory in",
                "$ANTIGRAVITY_DATA_DIR (comma-separated), else ~/.gemini/antigravity, ~/.gemini/antigravity-cli,",
                "~/.gemini/antigravity-ide, ~/.gemini/antigravity-backup and ~/.config/antigravity.",
                "Antigravity has no command hook: run this when you want fresh figures.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "ANTIGRAVITY_DATA_DIR", () -> {
            Path home = Path.of(env.apply("HOME"));
            return List.of(home.resolve(".gemini/antigravity"), home.resolve(".gemini/antigravity-cli"),
                    home.resolve(".gemini/antigravity-ide"), home.resolve(".gemini/antigravity-backup"),
                    home.resolve(".config/antigravity"));
        });
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        Path conversations = root.resolve("conversations");
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(conversations)) {
            return files;
        }
        try (Stream<Path> list = Files.list(conversations)) {
            for (Path database : list.filter(p -> p.getFileName().toString().endsWith(".db") && Files.isRegularFile(p))
                    .sorted().toList()) {
                files.add(database);
                Path wal = database.resolveSibling(database.getFileName() + "-wal");
                if (Files.isRegularFile(wal) && Files.size(wal) > 0) {
                    files.add(wal);
                }
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
                throw new UnsupportedOperationException("Antigravity's conversations are read whole");
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                String name = path.getFileName().toString();
                Path database = name.endsWith("-wal") ? path.resolveSibling(name.substring(0, name.length() - 4)) : path;
                AntigravityDatabase.Conversation conversation;
                try {
                    conversation = AntigravityDatabase.read(database);
                } catch (IOException e) {
                    throw new UnreadableLine(e.getMessage());
                }
                String id = database.getFileName().toString();
                id = id.substring(0, id.length() - 3);
                Instant at = time(conversation.trajectory());
                if (at == null) {
                    at = Files.getLastModifiedTime(database).toInstant();
                }
                for (AntigravityDatabase.Generation generation : conversation.generations()) {
                    try {
                        AgentCall call = call(id, generation, at);
                        if (call != null) {
                            out.accept(call);
                        }
                    } catch (ProtobufWire.Malformed e) {
                        // one broken row must not hide the others; it is read again when the database changes
                    }
                }
            }
        };
    }

    /** The first trajectory row's field 2 (a Timestamp), or null. */
    static Instant time(List<byte[]> trajectory) {
        for (byte[] row : trajectory) {
            if (row == null) {
                continue;
            }
            try {
                ProtobufWire.Bytes stamp = ProtobufWire.message(ProtobufWire.Bytes.of(row), 2);
                if (stamp != null) {
                    long seconds = ProtobufWire.varint(stamp, 1);
                    long nanos = ProtobufWire.varint(stamp, 2);
                    if (seconds > 0 && seconds < 253_402_300_799L && nanos < 1_000_000_000L) {
                        return Instant.ofEpochSecond(seconds, nanos);
                    }
                }
            } catch (ProtobufWire.Malformed e) {
                return null;
            }
        }
        return null;
    }

    /** The call of one gen_metadata row, or null when it has no usage or only zeros. */
    static AgentCall call(String conversation, AntigravityDatabase.Generation generation, Instant at) throws ProtobufWire.Malformed {
        if (generation.data() == null) {
            throw new ProtobufWire.Malformed("missing chat model field 1");
        }
        ProtobufWire.Bytes row = ProtobufWire.Bytes.of(generation.data());
        ProtobufWire.Bytes chatModel = ProtobufWire.message(row, 1);
        if (chatModel == null) {
            throw new ProtobufWire.Malformed("missing chat model field 1");
        }
        ProtobufWire.Bytes usage = ProtobufWire.message(chatModel, 4);
        if (usage == null) {
            return null;
        }
        ProtobufWire.check(usage);
        long input = count(usage, 2);
        long thinking = count(usage, 9);
        long visible = Math.max(Math.max(0, count(usage, 3) - thinking), count(usage, 10));
        long cacheWrite = count(usage, 4);
        long cacheRead = count(usage, 5);
        Tokens tokens = new Tokens(input, visible + thinking, cacheWrite, cacheRead, thinking);
        if (tokens.total() == 0) {
            return null;
        }
        String model = model(ProtobufWire.varint(usage, 1));
        return new AgentCall(NAME + ":" + conversation + ":" + generation.idx(), at, Providers.infer(model), model, tokens,
                null, conversation, NAME, null);
    }

    private static long count(ProtobufWire.Bytes usage, int field) throws ProtobufWire.Malformed {
        long value = ProtobufWire.varint(usage, field);
        return value < 0 || value > Long.MAX_VALUE / 8 ? 0 : value;
    }

    static String model(long value) {
        String known = MODELS.get(value);
        if (known != null) {
            return known;
        }
        return value >= 1000 ? "model_placeholder_m" + (value - 1000) : "antigravity-model-" + value;
    }
}
