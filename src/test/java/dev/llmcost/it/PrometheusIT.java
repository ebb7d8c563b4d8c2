package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * serve's /metrics judged by Prometheus itself (Debian's package): {@code promtool check metrics} accepts the page,
 * and a real Prometheus server scraping it (with the bearer token) answers a query for one model's spend.
 */
class PrometheusIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final String TOKEN = "metrics-token-0123456789";

    @TempDir
    Path dir;

    private static void requirePrometheus() {
        boolean available = Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
        if (!available && "1".equals(System.getenv("LLMCOST_REQUIRE_PROMETHEUS"))) {
            fail("LLMCOST_REQUIRE_PROMETHEUS=1 but " + PROMETHEUS + " or " + PROMTOOL + " is missing");
        }
        Assumptions.assumeTrue(available, "no prometheus: apt-get install prometheus");
    }

    private static void record(Path db, String... args) throws Exception {
        Jar.Result result = Jar.run(db, "", args);
        assertEquals(0, result.code(), result.err());
    }

    @Test
    void promtoolAcceptsTheMetricsAndPrometheusScrapesOneModelsSpend() throws Exception {
        requirePrometheus();
        Path db = dir.resolve("llmcost.db");
        record(db, "record", "--model", "gpt-4o", "--cost", "0.25", "--project", "web", "--user", "ann", "--input-tokens", "1000");
        record(db, "record", "--model", "gpt-4o", "--cost", "0.25", "--project", "web \"quoted\"", "--user", "bob", "--input-tokens", "10");
        record(db, "record", "--model", "claude-sonnet-4-5", "--cost", "1.5", "--project", "api", "--input-tokens", "5");
        record(db, "budget", "set", "--global", "--monthly", "10");
        HttpClient http = HttpClient.newHttpClient();
        try (Served served = Served.start(db, Map.of("LLMCOST_TOKEN", TOKEN))) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(served.resolve("/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertTrue(page.body().contains("project=\"web \\\"quoted\\\"\""), page.body());
            assertEquals(401, http.send(HttpRequest.newBuilder(served.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
            check.getOutputStream().write(page.body().getBytes(StandardCharsets.UTF_8));
            check.getOutputStream().close();
            String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), "promtool check metrics: " + checked);

            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: llmcost
                        authorization:
                          credentials: %s
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(TOKEN, served.uri.getPort()));
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                assertEquals(new BigDecimal("0.5"), query(http, port, "sum(llmcost_cost_usd_total{model=\"gpt-4o\"})"));
                assertEquals(new BigDecimal("10"), query(http, port, "llmcost_budget_limit_usd{scope=\"global\"}"));
                assertEquals(new BigDecimal("1010"), query(http, port,
                        "sum(llmcost_tokens_total{model=\"gpt-4o\",kind=\"input\"})"));
            } finally {
                prometheus.destroy();
                prometheus.waitFor();
            }
        }
    }

    /** The single value of an instant query, polled until the first scrapes have landed (at most 60 s). */
    private BigDecimal query(HttpClient http, int port, String promql) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 60_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                last = answer.body();
                JsonNode result = new ObjectMapper().readTree(answer.body()).path("data").path("result");
                if (answer.statusCode() == 200 && result.size() == 1) {
                    return new BigDecimal(result.get(0).path("value").get(1).asText());
                }
            } catch (java.io.IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(promql + ": no answer from Prometheus within 60 s; last: " + last + "\n"
                + String.join("\n", tail(dir.resolve("prometheus.log"))));
    }

    private static List<String> tail(Path log) throws java.io.IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return lines.subList(Math.max(0, lines.size() - 15), lines.size());
    }
}
