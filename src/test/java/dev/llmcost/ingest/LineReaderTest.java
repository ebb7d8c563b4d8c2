package dev.llmcost.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineReaderTest {
    @TempDir
    Path dir;

    private record Read(List<String> lines, List<Long> positions, long skipped, long end) {
    }

    private Read read(String content, long from, int maxLine) throws IOException {
        Path file = dir.resolve("log.jsonl");
        Files.writeString(file, content);
        List<String> lines = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        try (LineReader reader = new LineReader(file, from, maxLine)) {
            while (reader.next()) {
                lines.add(new String(reader.buffer(), reader.off(), reader.length(), StandardCharsets.UTF_8));
                positions.add(reader.position());
            }
            return new Read(lines, positions, reader.skipped(), reader.end());
        }
    }

    @Test
    void returnsCompleteLinesAndLeavesAnUnfinishedOneForLater() throws IOException {
        Read read = read("a\nbb\nccc", 0, 1 << 20);
        assertEquals(List.of("a", "bb"), read.lines());
        assertEquals(List.of(0L, 2L), read.positions());
        assertEquals(5, read.end());
        assertEquals(0, read.skipped());
    }

    @Test
    void aLineLongerThanTheBufferGrowsIt() throws IOException {
        String big = "x".repeat(200_000);
        Read read = read("a\n" + big + "\nb\n", 0, 1 << 20);
        assertEquals(List.of("a", big, "b"), read.lines());
        assertEquals(List.of(0L, 2L, 200_003L), read.positions());
        assertEquals(200_005, read.end());
    }

    @Test
    void anOverLongLineIsSkippedAndCountedAndTheNextLinesStillCome() throws IOException {
        String big = "y".repeat(300_000); // more than the limit and more than the first buffer
        Read read = read("a\n" + big + "\nb\nc\n", 0, 100_000);
        assertEquals(List.of("a", "b", "c"), read.lines());
        assertEquals(List.of(0L, 300_003L, 300_005L), read.positions());
        assertEquals(1, read.skipped());
        assertEquals(300_007, read.end());
    }

    @Test
    void anUnfinishedOverLongLineLeavesTheOffsetAtItsStart() throws IOException {
        String big = "z".repeat(300_000);
        Read read = read("a\n" + big, 0, 100_000);
        assertEquals(List.of("a"), read.lines());
        assertEquals(0, read.skipped());
        assertEquals(2, read.end(), "the next run starts at the unfinished line again");
    }

    @Test
    void startsAtTheGivenOffset() throws IOException {
        Read read = read("a\nbb\nccc\n", 2, 1 << 20);
        assertEquals(List.of("bb", "ccc"), read.lines());
        assertEquals(List.of(2L, 5L), read.positions());
        assertEquals(9, read.end());
    }
}
