package dev.llmcost.ingest;

import dev.llmcost.store.OpenCodeDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Gemini CLI and OpenCode parsers on damaged input (bytes flipped, cut, repeated, numbers swapped for
 * extreme ones): they return calls or refuse with their own exception, never anything else, and every
 * call they return is one the database takes (a time in years 1970-9999, token counts that add up).
 */
class AgentParsersMutationTest {
    @TempDir
    Path dir;

    private static final String[] EXTREMES = {"-1", "1e400", "9223372036854775807", "18446744073709551616",
            "0.5", "\"12\"", "null", "[]", "{}", "\"+100000-01-01T00:00:00Z\"", "\"\""};

    private static byte[] mutate(byte[] original, Random random) {
        String text = new String(original, StandardCharsets.UTF_8);
        switch (random.nextInt(5)) {
            case 0 -> { // flip a byte
                byte[] copy = original.clone();
                if (copy.length > 0) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
                return copy;
            }
            case 1 -> { // cut
                return text.substring(0, random.nextInt(text.length() + 1)).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> { // a number becomes something extreme
                var numbers = java.util.regex.Pattern.compile("(?<=[:\\[,])\\s*-?[0-9][0-9.eE+-]*").matcher(text);
                List<int[]> spans = new ArrayList<>();
                while (numbers.find()) {
                    spans.add(new int[] {numbers.start(), numbers.end()});
                }
                if (spans.isEmpty()) {
                    return original;
                }
                int[] span = spans.get(random.nextInt(spans.size()));
                return (text.substring(0, span[0]) + EXTREMES[random.nextInt(EXTREMES.length)] + text.substring(span[1]))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> { // a string value becomes something else
                var strings = java.util.regex.Pattern.compile(":\\s*\"[^\"]*\"").matcher(text);
                List<int[]> spans = new ArrayList<>();
                while (strings.find()) {
                    spans.add(new int[] {strings.start() + 1, strings.end()});
                }
                if (spans.isEmpty()) {
                    return original;
                }
                int[] span = spans.get(random.nextInt(spans.size()));
                return (text.substring(0, span[0]) + EXTREMES[random.nextInt(EXTREMES.length)] + text.substring(span[1]))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> { // a line repeated
                String[] lines = text.split("\n", -1);
                int i = random.nextInt(lines.length);
                return (text + "\n" + lines[i]).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static void check(dev.llmcost.model.Tokens tokens, Instant at) {
        assertTrue(tokens.total() >= 0 && tokens.reasoning() <= tokens.output(), tokens.toString());
        assertTrue(!at.isBefore(Instant.EPOCH) && at.isBefore(Instant.parse("+10000-01-01T00:00:00Z")), at.toString());
    }

    @Test
    void damagedGeminiChatFilesAreReadOrRefused() throws Exception {
        new GeminiCliFixture(dir, 9).write();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().contains("/chats/") && p.toString().matches(".*\\.jsonl?")).sorted().toList();
        }
        Random random = new Random(1);
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            Path file = files.get(random.nextInt(files.size()));
            byte[] bytes = mutate(Files.readAllBytes(file), random);
            try {
                for (GeminiCliSession.Call call : GeminiCliSession.parse(bytes, file.toString().endsWith(".jsonl"), "f")) {
                    check(call.tokens(), call.at());
                }
            } catch (GeminiCliSession.UnreadableFile e) {
                refused++;
            }
        }
        assertTrue(refused > 0, "some damage is refused");
    }

    @Test
    void damagedOpenCodeMessagesAreReadOrRefused() throws Exception {
        OpenCodeFixture fixture = new OpenCodeFixture(dir, 9);
        fixture.write();
        List<byte[]> messages = new ArrayList<>();
        OpenCodeDatabase.forEachMessage(fixture.database(), null, (id, session, data) -> messages.add(data));
        try (Stream<Path> walk = Files.walk(dir.resolve("storage/message"))) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".json")).toList()) {
                messages.add(Files.readAllBytes(file));
            }
        }
        Random random = new Random(2);
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = mutate(messages.get(random.nextInt(messages.size())), random);
            try {
                var call = OpenCodeMessage.parse(bytes, random.nextBoolean() ? "id" : null, null);
                if (call.isPresent()) {
                    check(call.get().tokens(), call.get().at());
                    assertTrue(call.get().costUsd() == null || call.get().costUsd().signum() > 0);
                }
            } catch (OpenCodeMessage.UnreadableMessage e) {
                refused++;
            }
        }
        assertTrue(refused > 0, "some damage is refused");
    }
}
