package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A team server on PostgreSQL under load: 8 OTLP clients × 500 calls (in batches, each batch sent twice as an
 * exporter's retry would) while 8 shell loops run `record` against the same database: nothing lost, nothing doubled.
 */
class OtlpTeamLoadIT {
    private static final int CLIENTS = 8;
    private static final int CALLS = Integer.getInteger("llmcost.otlp.calls", 500);
    private static final int BATCH = 25;
    private static final int SHELLS = 8;
    private static final int RECORDS = Integer.getInteger("llmcost.otlp.records", 4);

    @TempDir
    Path dir;

    /** One OTLP JSON batch of Claude Code api_request events, as the SDK encodes them (64-bit integers as strings). */
    private static String batch(int client, int first, int count) {
        List<String> records = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            long nanos = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli() * 1_000_000L + (long) client * 1_000_000_000_000L + i * 1_000_000L;
            records.add("{\"timeUnixNano\":\"" + nanos + "\",\"body\":{\"stringValue\":\"claude_code.api_request\"},"
                    + "\"attributes\":[{\"key\":\"event.name\",\"value\":{\"stringValue\":\"api_request\"}},"
                    + "{\"key\":\"session.id\",\"value\":{\"stringValue\":\"s-" + client + "\"}},"
                    + "{\"key\":\"user.email\",\"value\":{\"stringValue\":\"dev" + client + "@example.com\"}},"
                    + "{\"key\":\"model\",\"value\":{\"stringValue\":\"claude-sonnet-4-5\"}},"
                    + "{\"key\":\"input_tokens\",\"value\":{\"stringValue\":\"" + (i + 1) + "\"}},"
                    + "{\"key\":\"output_tokens\",\"value\":{\"intValue\":\"3\"}}]}");
        }
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"claude-code\"}}]},\"scopeLogs\":[{\"logRecords\":[" + String.join(",", records) + "]}]}]}";
    }

    @Test
    void eightExportersAndEightRecordLoopsLoseAndDoubleNothing() throws Exception {
        String db = TestPostgres.get().newMigratedDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + SHELLS);
        try (Served served = Served.start(db)) {
            List<Future<Integer>> work = new ArrayList<>();
            for (int s = 0; s < SHELLS; s++) {
                int shell = s;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < RECORDS; i++) {
                        Jar.Result result = Jar.run(db, "", "record", "--model", "gpt-4o", "--input-tokens", "5",
                                "--agent", "shell", "--id", "shell-" + shell + "-" + i);
                        assertEquals(0, result.code(), result.err());
                    }
                    return RECORDS;
                }));
            }
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                work.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    for (int first = 0; first < CALLS; first += BATCH) {
                        String body = batch(client, first, Math.min(BATCH, CALLS - first));
                        for (int attempt = 0; attempt < 2; attempt++) { // the exporter's retry of the same batch
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(served.resolve("/v1/logs"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            assertEquals(200, response.statusCode(), response.body());
                            assertEquals("{}", response.body());
                        }
                    }
                    return CALLS;
                }));
            }
            for (Future<Integer> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Jar.Result report = Jar.run(db, "", "report", "--by", "agent", "--since", "2000-01-01", "--format", "json");
        assertEquals(0, report.code(), report.err());
        Map<String, JsonNode> rows = new TreeMap<>();
        new ObjectMapper().readTree(report.out()).path("rows").forEach(r -> rows.put(r.path("agent").asText(), r));
        assertEquals((long) CLIENTS * CALLS, rows.get("claude-code").path("requests").asLong(), "every OTLP call once");
        long inputs = (long) CLIENTS * CALLS * (CALLS + 1) / 2;
        assertEquals(inputs, rows.get("claude-code").path("input_tokens").asLong());
        assertEquals((long) SHELLS * RECORDS, rows.get("shell").path("requests").asLong(), "every record once");
    }
}
