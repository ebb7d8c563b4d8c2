package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reprice, prices update and the provenance they keep, against real database files. */
class RepriceCommandTest {
    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-26T12:00:00Z"));
    }

    private static void ok(Cli.Result result) {
        assertEquals(0, result.code(), result.err());
    }

    private List<List<Object>> rows(Cli cli, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.db());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private void exec(Cli cli, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.db())) {
            for (String sql : statements) {
                c.createStatement().execute(sql);
            }
        }
    }

    /** Rollups (hourly and daily) must hold exactly the events' sums of cost and unpriced calls. */
    private void assertRollupsExact(Cli cli) throws SQLException {
        String events = "SELECT model, sum(coalesce(cost_nanos, 0)), sum(cost_nanos IS NULL) FROM events GROUP BY model ORDER BY model";
        assertEquals(rows(cli, events), rows(cli, "SELECT model, sum(cost_nanos), sum(unpriced_requests) FROM usage_hourly GROUP BY model ORDER BY model"));
        assertEquals(rows(cli, events), rows(cli, "SELECT model, sum(cost_nanos), sum(unpriced_requests) FROM usage_daily GROUP BY model ORDER BY model"));
    }

    private Cli withCalls() throws SQLException {
        Cli cli = cli();
        ok(cli.run("record", "--model", "gemini-2.5-pro", "--input-tokens", "300000", "--output-tokens", "1000",
                "--at", "2026-11-20T10:00:00Z", "--id", "tiered"));
        ok(cli.run("record", "--model", "my-finetune", "--provider", "acme", "--input-tokens", "1000000",
                "--output-tokens", "0", "--at", "2026-11-21T10:00:00Z", "--id", "unknown"));
        ok(cli.run("record", "--model", "gemini-2.5-pro", "--input-tokens", "300000", "--output-tokens", "1000",
                "--cost", "9.99", "--at", "2026-11-22T10:00:00Z", "--id", "given"));
        // as the old table (base tier only) stored it: 0.385 instead of 0.765, rollups in step
        exec(cli, "UPDATE events SET cost_nanos = 385000000, cost_basis = NULL WHERE event_key = 'tiered'",
                "UPDATE usage_hourly SET cost_nanos = cost_nanos - 380000000 WHERE hour = '2026-11-20T10'",
                "UPDATE usage_daily SET cost_nanos = cost_nanos - 380000000 WHERE day = '2026-11-20'");
        assertRollupsExact(cli);
        return cli;
    }

    @Test
    void repriceFixesTablePricedRowsPricesNewlyKnownModelsAndKeepsGivenCosts() throws Exception {
        Cli cli = withCalls();
        Path config = dir.resolve("config/llmcost");
        Files.createDirectories(config);
        Files.writeString(config.resolve("prices.json"), "{\"my-finetune\": {\"provider\": \"acme\", \"input\": 2, \"output\": 8}}");

        Cli.Result dry = cli.run("reprice", "--dry-run");
        ok(dry);
        assertTrue(dry.out().contains("Dry run: would reprice 2 calls (2 changed): $0.38 -> $2.76"), dry.out());
        assertEquals(List.of(List.of("tiered", 385000000)), rows(cli, "SELECT event_key, cost_nanos FROM events WHERE event_key = 'tiered'"));

        Cli.Result result = cli.run("reprice", "--format", "json");
        ok(result);
        JsonNode models = result.json().path("models");
        assertEquals("gemini-2.5-pro", models.get(0).path("model").asText());
        assertEquals("0.385", models.get(0).path("before_usd").asText());
        assertEquals("0.765", models.get(0).path("after_usd").asText());
        assertEquals(1, models.get(1).path("unpriced_before").asInt());
        assertEquals(0, models.get(1).path("unpriced_after").asInt());
        assertEquals(List.of(
                        List.of("given", 9990000000L, "given", "--cost"),
                        List.of("tiered", 765000000, "priced", cliLabel(cli)),
                        List.of("unknown", 2000000000, "priced", "override")),
                rows(cli, "SELECT event_key, cost_nanos, cost_source, cost_basis FROM events ORDER BY event_key"));
        assertRollupsExact(cli);

        Cli.Result again = cli.run("reprice");
        ok(again);
        assertTrue(again.out().contains("Repriced 2 calls (0 changed)"), again.out());
    }

    @Test
    void repricesATeamDatabaseAsItDoesAFile() throws Exception {
        Cli team = Cli.on(Cli.POSTGRESQL, dir.resolve("team"), Instant.parse("2026-11-26T12:00:00Z"));
        ok(team.run("record", "--model", "gemini-2.5-pro", "--input-tokens", "300000", "--output-tokens", "1000",
                "--at", "2026-11-20T10:00:00Z", "--id", "tiered"));
        ok(team.run("record", "--model", "gemini-2.5-pro", "--input-tokens", "300000", "--output-tokens", "1000",
                "--cost", "9.99", "--at", "2026-11-22T10:00:00Z", "--id", "given"));
        try (Connection c = team.connect()) {
            c.createStatement().execute("UPDATE events SET cost_nanos = 385000000, cost_basis = NULL WHERE event_key = 'tiered'");
            c.createStatement().execute("UPDATE usage_hourly SET cost_nanos = cost_nanos - 380000000 WHERE hour = '2026-11-20T10'");
            c.createStatement().execute("UPDATE usage_daily SET cost_nanos = cost_nanos - 380000000 WHERE day = '2026-11-20'");
        }
        Cli.Result result = team.run("reprice");
        ok(result);
        assertTrue(result.out().contains("Repriced 1 calls (1 changed)"), result.out());
        assertEquals(List.of("765000000 priced " + cliLabel(team), "9990000000 given --cost"), team.strings(
                "SELECT cost_nanos || ' ' || cost_source || ' ' || cost_basis FROM events ORDER BY event_key DESC"));
        for (String rollup : List.of("usage_hourly", "usage_daily")) {
            assertEquals(team.count("SELECT sum(cost_nanos) FROM events"), team.count("SELECT sum(cost_nanos) FROM " + rollup));
        }
    }

    private static String cliLabel(Cli cli) {
        return dev.llmcost.pricing.PriceData.bundled().source().label();
    }

    @Test
    void repriceFiltersBySinceAndModel() throws Exception {
        Cli cli = withCalls();
        ok(cli.run("reprice", "--model", "my-finetune"));
        assertEquals(List.of(List.of(385000000)), rows(cli, "SELECT cost_nanos FROM events WHERE event_key = 'tiered'"));
        ok(cli.run("reprice", "--since", "2026-11-21"));
        assertEquals(List.of(List.of(385000000)), rows(cli, "SELECT cost_nanos FROM events WHERE event_key = 'tiered'"));
        ok(cli.run("reprice", "--since", "2026-11-20"));
        assertEquals(List.of(List.of(765000000)), rows(cli, "SELECT cost_nanos FROM events WHERE event_key = 'tiered'"));
        assertRollupsExact(cli);
    }

    private static final String DATA = """
            [{"id": "acme", "name": "Acme", "api_pattern": "https://api\\\\.acme\\\\.test", "provider_match": {"contains": "acme"},
              "models": [
                {"id": "my-finetune", "match": {"or": [{"equals": "my-finetune"}, {"starts_with": "my-finetune-"}]},
                 "prices": [{"prices": {"input_mtok": {"base": 1, "tiers": [{"start": 500000, "price": 3}]}, "output_mtok": 4}},
                            {"constraint": {"start_time": "16:30:00Z", "end_time": "00:30:00Z"}, "prices": {"input_mtok": 0.5, "output_mtok": 2}}]}
              ]}]""";

    @Test
    void pricesUpdateLoadsServedDataChecksItAndRepriceUsesIt() throws Exception {
        Cli cli = withCalls();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data.json", exchange -> {
            byte[] body = DATA.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/broken.json", exchange -> {
            byte[] body = "[{\"id\": \"acme\", \"models\": [{\"id\": \"x\", \"match\": {\"sounds_like\": \"x\"}, \"prices\": {}}]}]"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path kept = dir.resolve("data/llmcost/genai-prices.tsv");

            Cli.Result broken = cli.run("prices", "update", "--from", base + "/broken.json");
            assertEquals(2, broken.code(), broken.err());
            assertTrue(broken.err().contains("unknown match rule 'sounds_like'"), broken.err());
            assertFalse(Files.exists(kept));
            Cli.Result missing = cli.run("prices", "update", "--from", base + "/nothing-here.json");
            assertEquals(1, missing.code(), missing.err());
            assertTrue(missing.err().contains("HTTP 404"), missing.err());
            assertFalse(Files.exists(kept));

            ok(cli.run("prices", "update", "--from", base + "/data.json"));
            assertTrue(Files.exists(kept));
            Cli.Result shown = cli.run("prices", "my-finetune", "--at", "2026-11-21T17:00:00Z", "--format", "json");
            ok(shown);
            JsonNode price = shown.json().path("prices").get(0);
            assertEquals("acme", price.path("provider").asText());
            assertEquals("UTC 16:30:00Z-00:30:00Z", price.path("applies").asText());
            assertEquals("0.5", price.path("prices").path("input_mtok").asText());

            ok(cli.run("reprice", "--model", "my-finetune"));
            // 1,000,000 input at 10:00 UTC: above the 500,000 tier, 3/MTok
            List<List<Object>> row = rows(cli, "SELECT cost_nanos, cost_basis FROM events WHERE event_key = 'unknown'");
            assertEquals(3000000000L, ((Number) row.get(0).get(0)).longValue());
            assertTrue(row.get(0).get(1).toString().startsWith("genai-prices data.json (update) sha256:"), row.toString());
            assertRollupsExact(cli);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void pricesUpdateRefusesAMissingFileAndNonJson() throws Exception {
        Cli cli = cli();
        Cli.Result missing = cli.run("prices", "update", "--from", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("llmcost: --from: no such file"), missing.err());
        Path notJson = dir.resolve("data.json");
        Files.writeString(notJson, "<html>");
        Cli.Result bad = cli.run("prices", "update", "--from", notJson.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("not valid JSON"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }
}
