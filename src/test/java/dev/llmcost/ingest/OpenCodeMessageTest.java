package dev.llmcost.ingest;

import dev.llmcost.model.Tokens;
import dev.llmcost.store.OpenCodeDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenCodeMessageTest {
    @TempDir
    Path dir;

    private static Optional<OpenCodeMessage.Call> parse(String json) throws Exception {
        return OpenCodeMessage.parse(json.getBytes(StandardCharsets.UTF_8), null, null);
    }

    @Test
    void readsAFinishedMessageWithItsOwnCost() throws Exception {
        OpenCodeMessage.Call call = parse("{\"id\":\"msg-1\",\"sessionID\":\"session-a\",\"role\":\"assistant\","
                + "\"providerID\":\"anthropic\",\"modelID\":\"claude-sonnet-4-20250514\",\"time\":{\"created\":1767312000000,"
                + "\"completed\":1767312004000},\"tokens\":{\"input\":100,\"output\":50,\"reasoning\":0,\"cache\":{\"read\":10,"
                + "\"write\":20}},\"cost\":0.02,\"path\":{\"cwd\":\"/home/dev/api/src\",\"root\":\"/home/dev/api\"}}").orElseThrow();
        assertEquals("opencode:msg-1", call.key());
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), call.at());
        assertEquals(new Tokens(100, 50, 20, 10, 0), call.tokens());
        assertEquals(new BigDecimal("0.02"), call.costUsd());
        assertEquals("api", call.project());
        assertEquals("session-a", call.session());
        assertEquals("anthropic", call.provider());
    }

    @Test
    void reasoningIsOutputOnceInBothTokenShapes() throws Exception {
        String common = "\"role\":\"assistant\",\"providerID\":\"openai\",\"modelID\":\"gpt-5\","
                + "\"time\":{\"created\":1767312000000,\"completed\":1767312000001},\"cost\":0,";
        // newer OpenCode: total = input + output + reasoning + cache; output excludes reasoning
        OpenCodeMessage.Call newer = parse("{\"id\":\"a\"," + common + "\"tokens\":{\"total\":1000,\"input\":500,"
                + "\"output\":200,\"reasoning\":100,\"cache\":{\"read\":150,\"write\":50}}}").orElseThrow();
        assertEquals(new Tokens(500, 300, 50, 150, 100), newer.tokens());
        assertEquals(1000, newer.tokens().total());
        assertNull(newer.costUsd(), "cost 0 means OpenCode had no price: llmcost prices it");
        // older OpenCode: no total; its own cost priced reasoning on top of output, as ccusage 20.0.24 counts it
        OpenCodeMessage.Call older = parse("{\"id\":\"b\"," + common + "\"tokens\":{\"input\":500,"
                + "\"output\":200,\"reasoning\":100,\"cache\":{\"read\":150,\"write\":50}}}").orElseThrow();
        assertEquals(new Tokens(500, 300, 50, 150, 100), older.tokens());
    }

    @Test
    void unfinishedUserAndEmptyMessagesAreNoCalls() throws Exception {
        assertTrue(parse(OpenCodeFixture.inProgress("m", "s", 1767312000000L, "openai", "gpt-5")).isEmpty());
        String running = "{\"id\":\"m\",\"role\":\"assistant\",\"providerID\":\"openai\",\"modelID\":\"gpt-5\","
                + "\"time\":{\"created\":1767312000000},\"tokens\":{\"input\":7,\"output\":3,\"reasoning\":0,"
                + "\"cache\":{\"read\":0,\"write\":0}},\"cost\":0.5}";
        assertTrue(parse(running).isEmpty(), "a message between two steps: its tokens and cost still change");
        assertTrue(parse(running.replace("}}", "}}").replace("\"created\":1767312000000}",
                "\"created\":1767312000000,\"completed\":1767312000009}")).isPresent());
        assertTrue(parse("{\"id\":\"u\",\"role\":\"user\",\"time\":{\"created\":1767312000000}}").isEmpty());
        assertThrows(OpenCodeMessage.UnreadableMessage.class, () -> parse("{\"id\":"));
        assertThrows(OpenCodeMessage.UnreadableMessage.class, () -> parse(running.replace("\"input\":7", "\"input\":7.5")
                .replace("\"created\":1767312000000}", "\"created\":1767312000000,\"completed\":1}")));
    }

    @Test
    void rowsAreReadSinceATimeAndAllOfThemWhenTheDatabaseHasNothingThatNew() throws Exception {
        OpenCodeFixture fixture = new OpenCodeFixture(dir, 5);
        fixture.write();
        long newest = fixture.newestUpdate();
        long[] rows = new long[1];
        OpenCodeDatabase.RowHandler<RuntimeException> count = (id, session, data) -> rows[0]++;
        assertEquals(newest, OpenCodeDatabase.forEachMessageSince(fixture.database(), newest, count));
        assertEquals(1, rows[0], "the newest row only");
        rows[0] = 0;
        OpenCodeDatabase.forEachMessageSince(fixture.database(), Long.MIN_VALUE, count);
        long all = rows[0];
        assertTrue(all > 10);
        rows[0] = 0;
        assertEquals(newest, OpenCodeDatabase.forEachMessageSince(fixture.database(), newest + 1, count));
        assertEquals(all, rows[0], "nothing that recent (an older copy of the database): read whole");
    }

    @Test
    void theFixturesTwoStoresHoldEachCallOnce() throws Exception {
        OpenCodeFixture fixture = new OpenCodeFixture(dir, 5);
        fixture.write();
        Map<String, OpenCodeMessage.Call> byKey = new LinkedHashMap<>();
        long[] read = new long[1];
        OpenCodeDatabase.forEachMessage(fixture.database(), null, (id, session, data) -> {
            OpenCodeMessage.parse(data, id, session).ifPresent(c -> {
                byKey.putIfAbsent(c.key(), c);
                read[0]++;
            });
        });
        try (Stream<Path> files = Files.walk(dir.resolve("storage/message"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Optional<OpenCodeMessage.Call> call = OpenCodeMessage.parse(Files.readAllBytes(file), null, null);
                if (call.isPresent()) {
                    read[0]++;
                    byKey.putIfAbsent(call.get().key(), call.get());
                }
            }
        }
        assertTrue(read[0] > fixture.calls, "some messages are in both stores");
        assertEquals(fixture.calls, byKey.size());
        Map<String, long[]> byDay = new TreeMap<>();
        for (OpenCodeMessage.Call call : byKey.values()) {
            long[] sums = byDay.computeIfAbsent(call.at().toString().substring(0, 10), d -> new long[6]);
            sums[0]++;
            sums[1] += call.tokens().input();
            sums[2] += call.tokens().output();
            sums[3] += call.tokens().cacheWrite();
            sums[4] += call.tokens().cacheRead();
            sums[5] += call.tokens().reasoning();
        }
        assertEquals(fixture.byDay.keySet(), byDay.keySet());
        for (String day : byDay.keySet()) {
            assertArrayEquals(fixture.byDay.get(day), byDay.get(day), day);
        }
        assertTrue(byKey.values().stream().anyMatch(c -> c.costUsd() == null));
        assertTrue(byKey.values().stream().anyMatch(c -> c.costUsd() != null));
    }
}
