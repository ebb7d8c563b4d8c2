package dev.llmcost.ingest;

import dev.llmcost.store.DbTime;
import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written fast paths give exactly what java.time gives. */
class TimestampsTest {
    private static final DateTimeFormatter DB =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void parsesExactlyAsInstantParseOnRandomInstants() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 253_402_300_799L), random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertEquals(Instant.parse(text), Timestamps.parse(text), text);
            String millis = DB.format(instant);
            assertEquals(Instant.parse(millis), Timestamps.parse(millis), millis);
            assertEquals(millis, DbTime.format(instant), "DbTime.format of " + text);
        }
    }

    @Test
    void oddFormsGiveWhatInstantParseGivesOrFailAsItFails() {
        List<String> texts = List.of("2026-11-20T10:00:00+01:00", "2026-11-20T23:59:60Z", "2026-11-20T24:00:00Z",
                "+12026-11-20T10:00:00Z", "2024-02-29T00:00:00Z", "", "x", "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z",
                "2026-11-20T10:00:00.Z", "2026-11-20T10:00:00.1234567891Z", "2026-11-20 10:00:00Z", "2026-11-2OT10:00:00Z",
                "2026-11-20T10:00:00.12a4Z", "2023-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "2026-11-20T10:60:00Z");
        int failures = 0;
        for (String text : texts) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeException e) {
                failures++;
                assertThrows(DateTimeException.class, () -> Timestamps.parse(text), text);
                continue;
            }
            assertEquals(expected, Timestamps.parse(text), text);
        }
        assertTrue(failures >= 8, "the list holds refused forms too: " + failures);
    }
}
