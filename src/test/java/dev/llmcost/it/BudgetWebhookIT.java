package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * serve --alert-webhook against a real HTTP server: one message per crossing (alert threshold, then limit), none
 * repeated as more calls come or after a restart; crossings by calls that reached the database another way are
 * found by the periodic check.
 */
class BudgetWebhookIT {
    @TempDir
    Path dir;

    private final List<JsonNode> received = new ArrayList<>();

    private HttpServer hook() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            JsonNode message = new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes());
            synchronized (received) {
                received.add(message);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private List<JsonNode> messages() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private void waitFor(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (messages().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1_500); // and nothing more arrives
    }

    @Test
    void eachCrossingIsAnnouncedOnce() throws Exception {
        Path db = dir.resolve("llmcost.db");
        assertEquals(0, Jar.run(db, "", "budget", "set", "--global", "--daily", "1", "--alert-at", "50").code());
        assertEquals(0, Jar.run(db, "", "budget", "set", "--project", "side", "--daily", "0.10").code());
        HttpServer hook = hook();
        Map<String, String> env = Map.of("LLMCOST_ALERT_WEBHOOK", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
                "LLMCOST_ALERT_CHECK_MS", "300");
        HttpClient http = HttpClient.newHttpClient();
        try {
            try (Served served = Served.start(db, env)) {
                for (String cost : new String[] {"0.30", "0.30", "0.10"}) {
                    post(http, served, cost, "web");
                }
                waitFor(1);
                assertEquals(1, messages().size(), messages().toString());
                assertEquals("alert", messages().get(0).path("budget").path("state").asText());
                assertEquals("global", messages().get(0).path("budget").path("scope").asText());
                assertTrue(messages().get(0).path("text").asText().contains("alert threshold"), messages().toString());
                post(http, served, "0.50", "web");
                post(http, served, "0.20", "web");
                waitFor(2);
                assertEquals(2, messages().size(), messages().toString());
                assertEquals("over", messages().get(1).path("budget").path("state").asText());
                // a call recorded from the shell, not through serve: the periodic check finds its crossing
                assertEquals(0, Jar.run(db, "", "record", "--model", "gpt-4o", "--cost", "0.25", "--project", "side").code());
                waitFor(3);
                assertEquals(3, messages().size(), messages().toString());
                assertEquals("side", messages().get(2).path("budget").path("subject").asText());
            }
            try (Served again = Served.start(db, env)) {
                post(http, again, "0.05", "web");
                Thread.sleep(2_000);
            }
            assertEquals(3, messages().size(), "a restart repeats nothing: " + messages());
        } finally {
            hook.stop(0);
        }
    }

    private static void post(HttpClient http, Served served, String cost, String project) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(served.resolve("/api/usage"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"gpt-4o\", \"cost\": " + cost + ", \"project\": \"" + project + "\"}",
                        StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }
}
