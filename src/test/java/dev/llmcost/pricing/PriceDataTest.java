package dev.llmcost.pricing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceDataTest {
    @TempDir
    Path dir;

    private static String table(String date) {
        return String.join("\n", "V\tupdate\tv1\t" + date, "P\tacme\tct:acme\t\t", "S\tacme",
                "M\tacme-1\tor(eq:acme-1,re:^acme-1-%28a%7Cb%29$)\tinput_mtok=1,output_mtok=2", "");
    }

    @Test
    void anUpdateIsUsedOnlyWhileNewerThanTheBundledTableAndNeverWhenDamaged() throws Exception {
        Path file = dir.resolve("genai-prices.tsv");
        String bundledDate = PriceData.bundled().source().date();
        Files.writeString(file, table(bundledDate + "T00:00:01Z"));
        assertEquals("update", PriceData.current(file).source().name());
        Files.writeString(file, table("2020-01-01T00:00:00Z"));
        assertEquals("@pydantic/genai-prices", PriceData.current(file).source().name());
        Files.writeString(file, "garbage\n");
        assertEquals("@pydantic/genai-prices", PriceData.current(file).source().name());
        assertEquals("@pydantic/genai-prices", PriceData.current(dir.resolve("missing.tsv")).source().name());
    }

    @Test
    void matchRulesKeepEscapedCharactersAndIgnoreCase() throws Exception {
        Path file = dir.resolve("t.tsv");
        Files.writeString(file, table("2099-01-01"));
        PriceData data = PriceData.read(file);
        assertTrue(data.model("acme", "ACME-1").isPresent());
        assertTrue(data.model("acme", "acme-1-(a|b)").isEmpty()); // the regex's parentheses survive escaping
        assertTrue(data.model("acme", "acme-1-a").isPresent());
        assertEquals("acme", data.providerById("Acme-Cloud").orElseThrow());
        assertEquals("a(b),c%", Match.unescape(Match.escape("a(b),c%")));
    }

    @Test
    void timeOfDayWindowsAreUtcWithOffsetsAndWrapMidnight() {
        assertEquals(16.5 * 3600, PriceData.secondOfDay("16:30:00Z"));
        assertEquals(8.5 * 3600, PriceData.secondOfDay("16:30:00+08:00"));
        assertEquals(23 * 3600 + 1800, PriceData.secondOfDay("00:30:00+01:00"));
        PriceData.Conditional offPeak = PriceData.Conditional.parse("utc:16:30:00Z~00:30:00Z input_mtok=1");
        assertTrue(offPeak.holdsAt(Instant.parse("2026-01-01T23:59:59Z")));
        assertTrue(offPeak.holdsAt(Instant.parse("2026-01-01T16:30:00Z")));
        assertFalse(offPeak.holdsAt(Instant.parse("2026-01-01T00:30:00Z")));
        assertFalse(offPeak.holdsAt(Instant.parse("2026-01-01T12:00:00Z")));
    }

    @Test
    void everyBundledRuleAndPriceParses() {
        PriceData data = PriceData.bundled();
        List<PriceData.Model> models = data.allModels();
        assertEquals(1694, models.size());
        for (PriceData.Model m : models) {
            assertFalse(m.prices().isEmpty(), m.id());
            data.matches(m, m.id()); // compiles its rules, regexes included
        }
        assertEquals(43, data.providerIds().size());
    }
}
