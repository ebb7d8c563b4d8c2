package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served jar over real HTTP: concurrent clients beside record from the shell, and the start-up refusals. */
class ServeIT {
    static final int CLIENTS = 8;
    /** POSTs per client; {@code -Dllmcost.serve.posts=N} changes it. */
    static final int POSTS = Integer.getInteger("llmcost.serve.posts", 200);
    static final int SHELL_RECORDS = 10;

    @TempDir
    Path dir;

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void eightClientsPostingWhileRecordRunsFromTheShellLoseNothing() throws Exception {
        Path db = dir.resolve("llmcost.db");
        try (Served served = Served.start(db)) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            long start = System.nanoTime();
            // record from the shell, in a loop, while the clients post
            ProcessBuilder shell = new ProcessBuilder("bash", "-c", "for i in $(seq 1 " + SHELL_RECORDS + "); do \""
                    + Path.of(System.getProperty("java.home"), "bin", "java") + "\" -XX:TieredStopAtLevel=1 -jar \""
                    + Jar.jar() + "\" record --model gpt-4o --input-tokens 7 --project shell --id shell-$i || exit 1; done");
            shell.environment().put("LLMCOST_DB", db.toString());
            Future<Jar.Result> shellRun = pool.submit(() -> Jar.run(shell, ""));
            List<Future<Map<Integer, Integer>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    Map<Integer, Integer> statuses = new TreeMap<>();
                    for (int i = 0; i < POSTS; i++) {
                        String body = "{\"model\": \"claude-sonnet-4-5\", \"input_tokens\": " + (i + 1)
                                + ", \"output_tokens\": 1, \"project\": \"http-" + client + "\", \"id\": \"c" + client
                                + "-" + i + "\"}";
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(served.resolve("/api/usage"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                    }
                    return statuses;
                }));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Map<Integer, Integer>> client : clients) {
                client.get().forEach((k, v) -> statuses.merge(k, v, Integer::sum));
            }
            double postSeconds = (System.nanoTime() - start) / 1e9;
            Jar.Result shellResult = shellRun.get();
            pool.shutdown();
            assertEquals(0, shellResult.code(), shellResult.err());
            assertEquals(Map.of(201, CLIENTS * POSTS), statuses);
            System.out.printf("ServeIT: %d clients x %d POSTs in %.1f s (%.0f POST/s) beside %d records from the shell%n",
                    CLIENTS, POSTS, postSeconds, CLIENTS * POSTS / postSeconds, SHELL_RECORDS);

            long expected = (long) CLIENTS * POSTS + SHELL_RECORDS;
            assertEquals(expected, count(db, "SELECT count(*) FROM events"), "0 lost");
            assertEquals(CLIENTS * POSTS, count(db, "SELECT count(DISTINCT event_key) FROM events WHERE event_key LIKE 'c%'"));
            assertEquals(SHELL_RECORDS, count(db, "SELECT count(*) FROM events WHERE event_key LIKE 'shell-%'"));
            HttpClient http = HttpClient.newHttpClient();
            JsonNode usage = mapper.readTree(http.send(HttpRequest.newBuilder(served.resolve("/api/usage?group_by=project"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(expected, usage.path("total").path("requests").asLong());
            assertEquals(CLIENTS + 1, usage.path("rows").size());
            assertEquals((long) CLIENTS * POSTS * (POSTS + 1) / 2 + 7L * SHELL_RECORDS,
                    usage.path("total").path("input_tokens").asLong(), "the rollups agree with the rows");

            HttpResponse<String> repeated = http.send(HttpRequest.newBuilder(served.resolve("/api/usage"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\": \"claude-sonnet-4-5\", \"input_tokens\": 1, \"id\": \"c0-0\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, repeated.statusCode(), repeated.body());
            assertEquals(expected, count(db, "SELECT count(*) FROM events"));
        }
    }

    @Test
    void aNonLoopbackBindNeedsATokenAndThenEveryRequestCarriesIt() throws Exception {
        Path db = dir.resolve("llmcost.db");
        Jar.Result refused = Jar.run(db, "", "serve", "--bind", "0.0.0.0", "--port", "0");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("not a loopback address") && refused.err().contains("--token"), refused.err());
        assertEquals("", refused.out());

        String token = "it-token-0123456789abcdef";
        try (Served served = Served.start(db, Map.of("LLMCOST_TOKEN", token), "--bind", "0.0.0.0")) {
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(401, http.send(HttpRequest.newBuilder(served.resolve("/api/usage")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(HttpRequest.newBuilder(served.resolve("/api/usage"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
