package dev.llmcost.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reports read whole UTC days from the daily rollup, whole hours from the hourly one and the rest
 * from raw events: for random ranges and zones, every group must equal the sum of the raw events.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class RollupConsistencyTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    private static final Instant NOW = Instant.parse("2026-11-24T12:34:56.789Z");

    @TempDir
    Path dir;

    @Test
    void everyRangeAndZoneMatchesTheRawEvents() {
        Cli cli = Cli.on(backend, dir, NOW);
        Random random = new Random(20261124);
        String[] models = {"gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro"};
        for (int i = 0; i < 400; i++) {
            Instant at = NOW.minusSeconds(random.nextInt(60 * 86_400)).minusMillis(random.nextInt(1000));
            cli.ok("record", "--model", models[random.nextInt(models.length)], "--project", "p" + random.nextInt(3),
                    "--input-tokens", Integer.toString(random.nextInt(5000)), "--cost", "0.00" + (1 + random.nextInt(999)),
                    "--at", at.toString());
        }
        String[] zones = {"UTC", "America/New_York", "Asia/Kolkata"};
        for (int i = 0; i < 40; i++) {
            Instant since = NOW.minus(random.nextInt(70 * 24 * 60), ChronoUnit.MINUTES);
            Instant until = since.plus(random.nextInt(40 * 24 * 60) + 1, ChronoUnit.MINUTES);
            String zone = zones[i % zones.length];
            String by = i % 2 == 0 ? "model" : "day";
            JsonNode report = cli.ok("report", "--by", by, "--since", since.toString(), "--until", until.toString(),
                    "--tz", zone, "--format", "json").json();
            TreeMap<String, Long> costs = new TreeMap<>();
            for (JsonNode row : report.path("rows")) {
                costs.put(row.path(by).asText(), row.path("cost_usd").decimalValue().movePointRight(9).longValueExact());
            }
            String range = " FROM events WHERE occurred_at >= '" + DbTime.format(since) + "' AND occurred_at < '"
                    + DbTime.format(until) + "'";
            String where = "--by " + by + " --since " + since + " --until " + until + " --tz " + zone;
            if (by.equals("day") && !zone.equals("UTC")) {
                // days in a zone with daylight saving cannot be bucketed in SQLite: check the total instead
                assertEquals(cli.count("SELECT coalesce(sum(cost_nanos), 0)" + range),
                        costs.values().stream().mapToLong(Long::longValue).sum(), where);
                continue;
            }
            String bucket = by.equals("model") ? "model" : "substr(occurred_at, 1, 10)";
            TreeMap<String, Long> expected = new TreeMap<>();
            for (String key : cli.strings("SELECT DISTINCT " + bucket + range)) {
                expected.put(key, cli.count("SELECT sum(cost_nanos)" + range + " AND " + bucket + " = '" + key + "'"));
            }
            assertEquals(expected, costs, where);
        }
    }
}
