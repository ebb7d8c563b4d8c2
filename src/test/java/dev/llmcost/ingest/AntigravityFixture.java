package dev.llmcost.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Random;

/**
 * Writes an Antigravity data dir ({@code conversations/<id>.db}, protobuf blobs in SQLite, in the layout ccusage
 * 20.0.24 reads; see {@link AntigravityLog}) deterministic from a seed, with the format's traps: thinking counted
 * inside field 3, field 10 beside it (the larger visible output wins), generations without usage or with only
 * zeros, a model enum no name is known for, a generation without a model (enum 0), numbers written twice (the
 * last counts), steps rows, a conversation without trajectory metadata (dated by the file's modification time),
 * and files in conversations/ that are no conversation. Knows its own totals as llmcost stores them (output with
 * thinking, reasoning = thinking); a damaged row is left to the unit test, since ccusage stops on one.
 */
public final class AntigravityFixture {
    public long calls;
    public long input;
    public long output;
    public long cacheWrite;
    public long cacheRead;
    public long reasoning;

    /** gemini-2.5-pro, gemini-3.1-pro, claude-sonnet-4-6, gemini-3-flash-preview, an unnamed one. */
    private static final long[] MODELS = {246, 1016, 1035, 1018, 777};

    private final Path root;
    private final Random random;
    private int generations;

    public AntigravityFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    public Path root() {
        return root;
    }

    /** What llmcost stores for one generation. */
    public record Stored(long input, long output, long cacheWrite, long cacheRead, long reasoning) {
    }

    /** Writes the tree; returns the conversation the tests append to. */
    public Path write() throws IOException, SQLException {
        Path conversations = root.resolve("conversations");
        Files.createDirectories(conversations);
        Path appendTo = null;
        for (int c = 0; c < 5; c++) {
            Path db = conversations.resolve(conversationId(c) + ".db");
            Instant at = Instant.parse(String.format("2026-11-%02dT%02d:15:30.250Z", 3 + c * 4, 9 + c));
            try (Connection connection = create(db)) {
                trajectory(connection, c == 3 ? null : at);
                for (int g = 0; g < 4 + c; g++) {
                    generation(connection, MODELS[(c + g) % MODELS.length], g % 3 == 2, g == 1 && c == 2);
                    step(connection, g);
                }
                if (c == 1) {
                    insert(connection, message(1, message(2, "no usage".getBytes(StandardCharsets.UTF_8))));
                    insert(connection, message(1, message(4, varint(1, 246))));
                    insert(connection, message(1, message(4, concat(varint(2, 700), varint(3, 40)))));
                    count(700, 40, 0, 0, 0);
                }
            }
            if (c == 3) {
                Files.setLastModifiedTime(db, FileTime.from(at));
            }
            appendTo = c == 2 ? db : appendTo;
        }
        Files.writeString(conversations.resolve("notes.txt"), "not a conversation");
        Files.createDirectories(root.resolve("brain"));
        Files.writeString(root.resolve("brain/task.md"), "# task");
        return appendTo;
    }

    /** Adds one generation to {@code db}; returns what llmcost stores for it. */
    public Stored append(Path db) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return generation(connection, MODELS[0], false, false);
        }
    }

    private static String conversationId(int n) {
        return String.format("%08x-4c1e-4f7a-9b2d-%012x", 0x5e1f0000 + n, 0xc0ffeeL + n);
    }

    private static Connection create(Path db) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE steps (idx INTEGER PRIMARY KEY, metadata BLOB)");
            statement.execute("CREATE TABLE gen_metadata (idx INTEGER PRIMARY KEY, data BLOB)");
            statement.execute("CREATE TABLE trajectory_metadata_blob (data BLOB)");
        }
        return connection;
    }

    private static void trajectory(Connection connection, Instant at) throws SQLException {
        byte[] row = at == null ? message(1, "untitled".getBytes(StandardCharsets.UTF_8))
                : concat(message(1, "fix the build".getBytes(StandardCharsets.UTF_8)),
                message(2, concat(varint(1, at.getEpochSecond()), varint(2, at.getNano()))),
                message(3, "file:///home/dev/web-shop".getBytes(StandardCharsets.UTF_8)));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trajectory_metadata_blob VALUES (?)")) {
            insert.setBytes(1, row);
            insert.executeUpdate();
        }
    }

    private static void step(Connection connection, int idx) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO steps VALUES (?, ?)")) {
            insert.setInt(1, idx);
            insert.setBytes(2, concat(varint(1, idx), message(2, "CORTEX_STEP_TYPE_PLANNER_RESPONSE".getBytes(StandardCharsets.UTF_8))));
            insert.executeUpdate();
        }
    }

    private Stored generation(Connection connection, long model, boolean withField10, boolean twice) throws SQLException {
        long in = 500 + random.nextInt(50_000);
        long thinking = random.nextInt(3) == 0 ? 0 : random.nextInt(2000);
        long visible = 1 + random.nextInt(3000);
        long write = random.nextInt(4) == 0 ? random.nextInt(5000) : 0;
        long read = random.nextInt(10) < 6 ? random.nextInt(80_000) : 0;
        // field 3 holds thinking + visible output; field 10, when written, a visible count (the larger one counts)
        long field10 = withField10 ? visible + (random.nextBoolean() ? 25 : -Math.min(visible, 25)) : 0;
        byte[] usage = concat(model == 0 ? new byte[0] : varint(1, model), varint(2, in), varint(3, thinking + visible),
                varint(4, write), varint(5, read), thinking > 0 ? varint(9, thinking) : new byte[0],
                withField10 ? varint(10, field10) : new byte[0]);
        if (twice) {
            usage = concat(usage, varint(2, 999_999), varint(1, 1318));
            in = 999_999;
        }
        insert(connection, concat(message(1, concat(varint(1, 3), message(4, usage))), message(5, new byte[] {8, 1})));
        return count(in, Math.max(visible, field10), write, read, thinking);
    }

    private Stored count(long in, long visible, long write, long read, long thinking) {
        Stored stored = new Stored(in, visible + thinking, write, read, thinking);
        calls++;
        input += stored.input();
        output += stored.output();
        cacheWrite += stored.cacheWrite();
        cacheRead += stored.cacheRead();
        reasoning += stored.reasoning();
        return stored;
    }

    private void insert(Connection connection, byte[] data) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gen_metadata VALUES (?, ?)")) {
            insert.setInt(1, 100 + generations++);
            insert.setBytes(2, data);
            insert.executeUpdate();
        }
    }

    static byte[] varint(int field, long value) {
        return concat(rawVarint((long) field << 3), rawVarint(value));
    }

    static byte[] message(int field, byte[] body) {
        return concat(rawVarint((long) field << 3 | 2), rawVarint(body.length), body);
    }

    private static byte[] rawVarint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
