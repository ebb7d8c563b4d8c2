package dev.llmcost.store;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DbTimeTest {
    @Test
    void parseByHandAgreesWithInstantParseOnEveryStoredForm() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            Instant at = Instant.ofEpochMilli(random.nextLong(0, 253_402_300_800_000L));
            String text = DbTime.format(at);
            assertEquals(Instant.parse(text), DbTime.parse(text), text);
            assertEquals(at, DbTime.parse(text));
        }
        for (String text : new String[] {"2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
                "2026-12-04T10:00:00Z", "2026-12-04T10:00:00.123456Z"}) {
            assertEquals(Instant.parse(text), DbTime.parse(text), text);
        }
    }

    @Test
    void whatInstantParseRefusesIsRefused() {
        for (String text : new String[] {"2026-02-30T00:00:00.000Z", "2025-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
                "2026-12-04T10:60:00.000Z", "2026-12-04T10:00:60.000Z", "2026-12-0xT10:00:00.000Z",
                "2026-00-04T10:00:00.000Z", "2026-12-00T10:00:00.000Z"}) {
            assertThrows(DateTimeException.class, () -> Instant.parse(text), text);
            assertThrows(DateTimeException.class, () -> DbTime.parse(text), text);
        }
    }
}
