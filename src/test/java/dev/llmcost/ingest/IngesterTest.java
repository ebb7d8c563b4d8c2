package dev.llmcost.ingest;

import dev.llmcost.model.Tokens;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.store.IngestStore.FileState;
import dev.llmcost.store.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The shared incremental reading, on a toy format (lines "KEY TOKENS", or "model M" setting the model for the
 * lines after it), in both read modes, against a real SQLite file.
 */
class IngesterTest {
    @TempDir
    Path dir;
    Store store;
    Ingester ingester;

    /**
     * The toy agent: APPEND reads lines, WHOLE reads the same lines as one document that must end with "end",
     * SINCE reads lines "KEY TOKENS TIME" as a table's rows, those with a TIME above the position, and counts them.
     */
    static final class ToyLog implements AgentLog {
        final ReadMode mode;
        final boolean context;
        final AtomicInteger rowsRead = new AtomicInteger();

        ToyLog(ReadMode mode, boolean context) {
            this.mode = mode;
            this.context = context;
        }

        @Override
        public String name() {
            return "toy";
        }

        @Override
        public String title() {
            return "Toy";
        }

        @Override
        public List<String> help() {
            return List.of();
        }

        @Override
        public List<Path> defaultRoots(UnaryOperator<String> env) {
            return List.of();
        }

        @Override
        public List<Path> files(Path root) throws IOException {
            return AgentLog.walk(root, name -> name.endsWith(".log"));
        }

        @Override
        public ReadMode mode() {
            return mode;
        }

        @Override
        public FileParser open(Path file) {
            return new FileParser() {
                String model = "none";

                @Override
                public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) throws UnreadableLine {
                    String line = new String(buf, off, len, StandardCharsets.UTF_8);
                    if (line.startsWith("model ")) {
                        model = line.substring(6);
                        return;
                    }
                    String[] parts = line.split(" ");
                    if (parts.length != 2 || !parts[1].matches("[0-9]+")) {
                        throw new UnreadableLine("not KEY TOKENS");
                    }
                    out.accept(new AgentCall("toy:" + parts[0], Instant.parse("2026-11-20T10:00:00Z"), "openai", model,
                            new Tokens(Long.parseLong(parts[1]), 0, 0, 0, 0), null, "s", "p", null));
                }

                @Override
                public void whole(Path path, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                    List<String> lines = Files.readAllLines(path);
                    if (lines.isEmpty() || !lines.get(lines.size() - 1).equals("end")) {
                        throw new UnreadableLine("unfinished document");
                    }
                    for (String line : lines.subList(0, lines.size() - 1)) {
                        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                        line(bytes, 0, bytes.length, 0, out);
                    }
                }

                @Override
                public long since(Path path, FileState previous, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                    long newest = previous == null ? 0 : previous.offset();
                    for (String row : Files.readAllLines(path)) {
                        String[] fields = row.split(" ");
                        long time = Long.parseLong(fields[2]);
                        if (previous == null || time > previous.offset()) {
                            rowsRead.incrementAndGet();
                            byte[] bytes = (fields[0] + " " + fields[1]).getBytes(StandardCharsets.UTF_8);
                            line(bytes, 0, bytes.length, 0, out);
                            newest = Math.max(newest, time);
                        }
                    }
                    return newest;
                }

                @Override
                public boolean needsEarlierLines() {
                    return context;
                }
            };
        }
    }

    @BeforeEach
    void setUp() {
        store = Store.open(dir.resolve("llmcost.db"), Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
        ingester = new Ingester(store, () -> new Pricer(dir.resolve("prices.json")), Clock.systemUTC());
    }

    private Ingester.Tally run(AgentLog log) throws IOException {
        return ingester.ingest(log, log.files(dir.resolve("logs")), null);
    }

    private long sum(String sql) {
        return store.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve("logs").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void appendedLinesAreReadOnceAndAnUnfinishedLineWaits() throws Exception {
        AgentLog log = new ToyLog(AgentLog.ReadMode.APPEND, false);
        Path file = write("a.log", "a 1\nb 2\nc 3");
        Ingester.Tally first = run(log);
        assertEquals(2, first.newCalls);
        assertEquals(8, sum("SELECT offset FROM ingested_files"), "up to the end of b's line");
        assertEquals(0, run(log).changedFiles, "unchanged: nothing read");
        Files.writeString(file, "0\nd 4\n", StandardOpenOption.APPEND);
        Ingester.Tally second = run(log);
        assertEquals(2, second.newCalls, "the finished line and the new one");
        assertEquals(1 + 2 + 30 + 4, sum("SELECT sum(input_tokens) FROM events"));
        assertEquals(1 + 2 + 30 + 4, sum("SELECT sum(input_tokens) FROM usage_daily"));
    }

    @Test
    void aShorterFileIsReadAgainAndKeysPreventDoubles() throws Exception {
        AgentLog log = new ToyLog(AgentLog.ReadMode.APPEND, false);
        Path file = write("a.log", "a 1\nb 2\nc 3\n");
        run(log);
        Files.writeString(file, "a 1\nz 9\n");
        Ingester.Tally again = run(log);
        assertEquals(1, again.newCalls, "only z is new");
        assertEquals(15, sum("SELECT sum(input_tokens) FROM events"));
        assertEquals(Files.size(file), sum("SELECT offset FROM ingested_files"));
    }

    @Test
    void unreadableLinesAreCountedNotFatal() throws Exception {
        AgentLog log = new ToyLog(AgentLog.ReadMode.APPEND, false);
        write("a.log", "a 1\ngarbage\nb x\nc 3\n");
        Ingester.Tally tally = run(log);
        assertEquals(2, tally.newCalls);
        assertEquals(2, tally.unreadableLines);
        assertEquals(0, run(log).unreadableLines, "not counted again: they were read");
    }

    @Test
    void aParserThatNeedsEarlierLinesReplaysThemWithoutStoringTheirCallsAgain() throws Exception {
        AgentLog log = new ToyLog(AgentLog.ReadMode.APPEND, true);
        Path file = write("a.log", "model m1\na 1\nbroken\n");
        run(log);
        Files.writeString(file, "b 2\n", StandardOpenOption.APPEND);
        Ingester.Tally tally = run(log);
        assertEquals(1, tally.newCalls);
        assertEquals(0, tally.unreadableLines, "an unreadable line before the resume offset was counted last time");
        assertEquals(List.of("m1", "m1"), models());
    }

    @Test
    void withoutReplayTheContextIsLost() throws Exception {
        AgentLog log = new ToyLog(AgentLog.ReadMode.APPEND, false);
        Path file = write("a.log", "model m1\na 1\n");
        run(log);
        Files.writeString(file, "b 2\n", StandardOpenOption.APPEND);
        run(log);
        assertEquals(List.of("m1", "none"), models(), "the toy proves the replay test above can fail");
    }

    private List<String> models() {
        return store.read(c -> {
            List<String> models = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT model FROM events ORDER BY event_key")) {
                while (rs.next()) {
                    models.add(rs.getString(1));
                }
            }
            return models;
        });
    }

    @Test
    void aWholeFileIsReadAgainWhenItsSizeOrTimeChangesAndWaitsWhileUnfinished() throws Exception {
        AgentLog log = new ToyLog(AgentLog.ReadMode.WHOLE, false);
        Path file = write("s.log", "a 1\nb 2\nend\n");
        assertEquals(2, run(log).newCalls);
        assertEquals(0, run(log).changedFiles);
        Files.writeString(file, "a 1\nb 2\nc 3\n"); // caught mid-rewrite
        Ingester.Tally midway = run(log);
        assertEquals(0, midway.newCalls);
        assertEquals(1, midway.unreadableLines);
        Files.writeString(file, "a 1\nb 2\nc 3\nend\n");
        assertEquals(1, run(log).newCalls, "read again once finished; a and b not doubled");
        Files.writeString(file, "a 1\nb 2\nd 4\nend\n"); // same size, later time
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(1, run(log).newCalls, "same size but a new modification time: read again");
        assertEquals(10, sum("SELECT sum(input_tokens) FROM events"));
    }

    @Test
    void aDatabaseIsReadFromThePositionItsParserReturnedAndAKillBeforeTheCommitLosesNothing() throws Exception {
        ToyLog log = new ToyLog(AgentLog.ReadMode.SINCE, false);
        Path table = write("t.log", "a 1 100\nb 2 200\n");
        assertEquals(2, run(log).newCalls);
        assertEquals(200, sum("SELECT offset FROM ingested_files"), "the position the parser returned");
        assertEquals(0, run(log).changedFiles, "unchanged: not read");
        Files.writeString(table, "c 3 300\n", StandardOpenOption.APPEND);
        log.rowsRead.set(0);
        assertEquals(1, run(log).newCalls);
        assertEquals(1, log.rowsRead.get(), "only the new row is handed over, not a and b again");

        // killed between the read and the commit: neither the call nor the position is stored
        Files.writeString(table, "d 4 400\n", StandardOpenOption.APPEND);
        store.write(c -> c.createStatement().execute(
                "CREATE TRIGGER killed BEFORE UPDATE ON ingested_files BEGIN SELECT RAISE(ABORT, 'killed'); END"));
        assertThrows(RuntimeException.class, () -> run(log));
        assertEquals(6, sum("SELECT sum(input_tokens) FROM events"));
        assertEquals(300, sum("SELECT offset FROM ingested_files"));
        store.write(c -> c.createStatement().execute("DROP TRIGGER killed"));
        log.rowsRead.set(0);
        assertEquals(1, run(log).newCalls, "d, once, on the next run");
        assertEquals(1, log.rowsRead.get());
        assertEquals(10, sum("SELECT sum(input_tokens) FROM events"));
        assertEquals(400, sum("SELECT offset FROM ingested_files"));
    }

    @Test
    void manyFilesSpanSeveralTransactionsAndEachKeepsItsOffset() throws Exception {
        AgentLog log = new ToyLog(AgentLog.ReadMode.APPEND, false);
        for (int i = 0; i < 1200; i++) {
            write(String.format("f%04d.log", i), "k" + i + " 1\n");
        }
        Ingester.Tally tally = run(log);
        assertEquals(1200, tally.newCalls);
        assertEquals(1200, tally.changedFiles);
        assertEquals(1200, sum("SELECT count(*) FROM ingested_files WHERE offset > 0"));
        assertEquals(1200, sum("SELECT requests FROM usage_daily"));
    }
}
