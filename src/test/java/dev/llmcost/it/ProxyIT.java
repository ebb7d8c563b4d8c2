package dev.llmcost.it;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmcost.proxy.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code llmcost proxy} as a real process between the providers' official SDKs (unchanged but for their base
 * URL) and a fake upstream on 127.0.0.1: what the SDK sees, how soon a stream's first event arrives, what is
 * recorded, and that the API key is kept nowhere.
 */
class ProxyIT {
    private static final String KEY = "sk-test-DO-NOT-STORE-7f3a9c1e5b";

    @TempDir
    Path dir;

    private Served proxy(Path db, FakeProvider upstream, String... more) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--upstream", "openai=" + upstream.url(),
                "--upstream", "anthropic=" + upstream.url(), "--project", "desk"));
        flags.addAll(List.of(more));
        return Served.proxy(db, Map.of("HOME", dir.resolve("home").toString(),
                "XDG_DATA_HOME", dir.resolve("home/data").toString()), flags.toArray(String[]::new));
    }

    private static JsonNode rows(Path db, String... by) throws Exception {
        List<String> args = new ArrayList<>(List.of("report", "--format", "json"));
        for (String group : by) {
            args.addAll(List.of("--by", group));
        }
        Jar.Result report = Jar.run(db, "", args.toArray(String[]::new));
        assertEquals(0, report.code(), report.err());
        return new ObjectMapper().readTree(report.out());
    }

    /** The recorder writes after the client has its answer: wait until {@code calls} are stored. */
    private static void awaitCalls(Path db, long calls) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long stored = -1;
        while (System.nanoTime() < deadline) {
            if (Files.exists(db)) {
                stored = rows(db).path("total").path("requests").asLong();
                if (stored >= calls) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        assertEquals(calls, stored, "calls recorded");
    }

    @Test
    void officialSdksThroughTheProxySeeTheUpstreamAndEveryCallIsRecordedOnce() throws Exception {
        Path db = dir.resolve("llmcost.db");
        try (FakeProvider upstream = new FakeProvider(); Served proxy = proxy(db, upstream)) {
            OpenAIClient openai = OpenAIOkHttpClient.builder().apiKey(KEY).maxRetries(0)
                    .baseUrl(proxy.resolve("/openai/v1").toString()).putHeader("X-Llmcost-User", "ann")
                    .putHeader("X-Llmcost-Tag", "feature=chat").build();
            ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder().model("gpt-4o")
                    .addUserMessage("Say hello").build();
            ChatCompletion completion = openai.chat().completions().create(chat);
            assertEquals("Hello from the fake upstream.", completion.choices().get(0).message().content().orElseThrow());
            assertEquals(1200, completion.usage().orElseThrow().promptTokens());

            long start = System.nanoTime();
            long firstContentMs = -1;
            StringBuilder streamed = new StringBuilder();
            int usageChunks = 0;
            try (var stream = openai.chat().completions().createStreaming(chat)) {
                for (Iterator<ChatCompletionChunk> chunks = stream.stream().iterator(); chunks.hasNext(); ) {
                    ChatCompletionChunk chunk = chunks.next();
                    if (chunk.choices().isEmpty()) {
                        usageChunks++;
                        continue;
                    }
                    String text = chunk.choices().get(0).delta().content().orElse("");
                    if (!text.isEmpty() && firstContentMs < 0) {
                        firstContentMs = (System.nanoTime() - start) / 1_000_000;
                    }
                    streamed.append(text);
                }
            }
            long totalMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("Hello world", streamed.toString());
            assertEquals(0, usageChunks, "the usage chunk the proxy asked for is not shown to an app that did not");
            assertTrue(firstContentMs >= 0 && firstContentMs < FakeProvider.PAUSE_MS - 500,
                    "the first token arrives before the upstream's pause ends: " + firstContentMs + " ms");
            assertTrue(totalMs >= FakeProvider.PAUSE_MS, "the stream took the upstream's pause: " + totalMs + " ms");
            JsonNode asked = upstream.received.get(1).body();
            assertTrue(asked.path("stream_options").path("include_usage").asBoolean(), asked.toString());

            AnthropicClient anthropic = AnthropicOkHttpClient.builder().apiKey(KEY).maxRetries(0)
                    .baseUrl(proxy.resolve("/anthropic").toString()).putHeader("X-Llmcost-Project", "agent-x").build();
            MessageCreateParams message = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024)
                    .addUserMessage("Say hello").build();
            Message answer = anthropic.messages().create(message);
            assertEquals("Hello from the fake upstream.", answer.content().get(0).text().orElseThrow().text());
            assertEquals(2048, answer.usage().cacheCreationInputTokens().orElseThrow());

            start = System.nanoTime();
            firstContentMs = -1;
            streamed.setLength(0);
            try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(message)) {
                for (Iterator<RawMessageStreamEvent> events = stream.stream().iterator(); events.hasNext(); ) {
                    RawMessageStreamEvent event = events.next();
                    String text = event.contentBlockDelta().flatMap(d -> d.delta().text()).map(t -> t.text()).orElse("");
                    if (!text.isEmpty() && firstContentMs < 0) {
                        firstContentMs = (System.nanoTime() - start) / 1_000_000;
                    }
                    streamed.append(text);
                }
            }
            assertEquals("Hello world", streamed.toString());
            assertTrue(firstContentMs >= 0 && firstContentMs < FakeProvider.PAUSE_MS - 500,
                    "the first Anthropic event arrives before the pause ends: " + firstContentMs + " ms");

            for (FakeProvider.Received request : upstream.received) {
                assertFalse(request.headers().keySet().stream().anyMatch(h -> h.toLowerCase().startsWith("x-llmcost")),
                        "llmcost's headers are not forwarded: " + request.headers().keySet());
            }
            assertEquals("Bearer " + KEY, upstream.received.get(0).headers().getFirst("Authorization"));
            com.sun.net.httpserver.Headers sent = upstream.received.get(2).headers();
            assertTrue(KEY.equals(sent.getFirst("X-api-key")) || ("Bearer " + KEY).equals(sent.getFirst("Authorization")),
                    "the key the SDK sent reaches the upstream: " + sent.keySet());

            awaitCalls(db, 4);
        }
        Map<String, long[]> byModel = new java.util.TreeMap<>();
        for (JsonNode row : rows(db, "model").path("rows")) {
            byModel.put(row.path("model").asText(), new long[] {row.path("requests").asLong(),
                    row.path("input_tokens").asLong(), row.path("output_tokens").asLong(),
                    row.path("cache_write_tokens").asLong(), row.path("cache_read_tokens").asLong(),
                    row.path("reasoning_tokens").asLong()});
        }
        assertEquals(List.of("claude-sonnet-4-5-20250929", "gpt-4o-2024-08-06", "o4-mini-2025-04-16"),
                List.copyOf(byModel.keySet()));
        assertEquals(List.of(1L, 1200L - 1024, 300L, 0L, 1024L, 0L), toList(byModel.get("gpt-4o-2024-08-06")));
        assertEquals(List.of(1L, 2000L - 1536, 450L, 0L, 1536L, 192L), toList(byModel.get("o4-mini-2025-04-16")));
        assertEquals(List.of(2L, 25L + 30, 310L + 120, 2048L + 1024, 10000L + 8000, 0L),
                toList(byModel.get("claude-sonnet-4-5-20250929")));
        assertEquals(0, rows(db).path("total").path("unpriced_requests").asLong(), "every call priced");
        Map<String, Long> byProject = new java.util.TreeMap<>();
        rows(db, "project").path("rows").forEach(r -> byProject.put(r.path("project").asText(), r.path("requests").asLong()));
        assertEquals(Map.of("desk", 2L, "agent-x", 2L), byProject);
        assertEquals(2, rows(db, "tag:feature").path("rows").get(0).path("requests").asLong());

        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains(KEY), "the API key is in " + file);
        }
    }

    @Test
    void upstreamErrorsAreRelayedAsTheyCameAndRecordNothing() throws Exception {
        Path db = dir.resolve("errors.db");
        try (FakeProvider upstream = new FakeProvider(); Served proxy = proxy(db, upstream)) {
            upstream.failWith = 429;
            OpenAIClient openai = OpenAIOkHttpClient.builder().apiKey(KEY).maxRetries(0)
                    .baseUrl(proxy.resolve("/openai/v1").toString()).build();
            assertThrows(RateLimitException.class, () -> openai.chat().completions().create(
                    ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build()));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> raw = http.send(HttpRequest.newBuilder(proxy.resolve("/openai/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(429, raw.statusCode());
            assertEquals("7", raw.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("{\"error\":{\"message\":\"fake 429\",\"type\":\"rate_limit_error\"}}", raw.body());

            upstream.failWith = 0;
            HttpResponse<String> browser = http.send(HttpRequest.newBuilder(proxy.resolve("/openai/v1/chat/completions"))
                    .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, browser.statusCode());
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(proxy.resolve("/mistral/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("/openai/"), unknown.body());
            assertEquals(2, upstream.received.size(), "the refused requests never left the proxy");
        }
        assertEquals(0, rows(db).path("total").path("requests").asLong());
    }

    /** Holds the database's write lock (as a long import would) for {@code millis}, on a thread of its own. */
    private static Thread lockFor(Path db, long millis) throws Exception {
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                 java.sql.Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                locked.countDown();
                Thread.sleep(millis);
                s.execute("ROLLBACK");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        assertTrue(locked.await(10, java.util.concurrent.TimeUnit.SECONDS));
        return holder;
    }

    /** {@code calls} non-streamed chat calls through the proxy, 8 at a time; each must get the upstream's 200. */
    private static void callMany(Served proxy, int calls) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                statuses.add(pool.submit(() -> {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    proxy.resolve("/openai/v1/chat/completions"))
                            .header("Authorization", "Bearer " + KEY).header("X-Llmcost-Tag", "n=" + n)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[]}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertTrue(response.body().contains("Hello from the fake upstream."), response.body());
                    return response.statusCode();
                }));
            }
            for (java.util.concurrent.Future<Integer> status : statuses) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLockedDatabaseNeverFailsTheAppAndEveryCallIsRecordedOnceAfterwards() throws Exception {
        Path db = dir.resolve("locked.db");
        try (FakeProvider upstream = new FakeProvider(); Served proxy = proxy(db, upstream)) {
            Thread holder = lockFor(db, 10_000);
            long start = System.nanoTime();
            callMany(proxy, 100);
            assertTrue(holder.isAlive(), "the 100 calls were answered while the database was locked");
            assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000);
            holder.join();
            awaitCalls(db, 100);
        }
        JsonNode tags = rows(db, "tag:n").path("rows");
        assertEquals(100, tags.size(), "each call once");
    }

    @Test
    void callsThatCannotBeStoredWaitInTheSpoolAndAreRecordedOnceWhenTheDatabaseIsBack() throws Exception {
        Path db = dir.resolve("spool.db");
        Path spool = dir.resolve("home/data/llmcost/proxy-spool.jsonl");
        try (FakeProvider upstream = new FakeProvider();
             Served proxy = Served.proxy(db, Map.of("HOME", dir.resolve("home").toString(),
                     "XDG_DATA_HOME", dir.resolve("home/data").toString(), "LLMCOST_LOCK_WAIT_MS", "300"),
                     "--upstream", "openai=" + upstream.url())) {
            Thread holder = lockFor(db, 4_000);
            callMany(proxy, 20);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < deadline && !(Files.exists(spool) && Files.size(spool) > 0)) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(spool) && Files.size(spool) > 0, "the calls wait in the spool");
            assertFalse(Files.readString(spool).contains(KEY), "the spool holds no key");
            holder.join();
            awaitCalls(db, 20);
            assertTrue(Files.readString(proxy.stderr).contains("kept in"), Files.readString(proxy.stderr));
        }
        assertEquals(0, Files.size(spool), "the spool is emptied once its calls are stored");
        assertEquals(20, rows(db, "tag:n").path("rows").size());
        ProcessBuilder drain = Jar.builder(db, "proxy", "--drain");
        drain.environment().put("XDG_DATA_HOME", dir.resolve("home/data").toString());
        Jar.Result drained = Jar.run(drain, "");
        assertEquals(0, drained.code(), drained.err());
        assertEquals("Recorded 0 spooled call(s).", drained.out().strip());
        assertEquals(0, Jar.run(dir.resolve("elsewhere.db"), "", "proxy", "--drain").code(), "no spool is nothing to do");
    }

    @Test
    void aProxyKilledMidStreamBreaksThatStreamAndDoublesNothingAfterARestart() throws Exception {
        Path db = dir.resolve("killed.db");
        try (FakeProvider upstream = new FakeProvider()) {
            MessageCreateParams message = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64)
                    .addUserMessage("Say hello").build();
            try (Served proxy = proxy(db, upstream)) {
                AnthropicClient anthropic = AnthropicOkHttpClient.builder().apiKey(KEY).maxRetries(0)
                        .baseUrl(proxy.resolve("/anthropic").toString()).build();
                Exception broken = assertThrows(Exception.class, () -> {
                    try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(message)) {
                        for (Iterator<RawMessageStreamEvent> events = stream.stream().iterator(); events.hasNext(); ) {
                            if (events.next().isContentBlockDelta()) {
                                proxy.process.destroyForcibly().waitFor(); // kill -9 while the upstream pauses
                            }
                        }
                    }
                });
                assertFalse(broken.toString().isEmpty());
            }
            for (int restart = 0; restart < 2; restart++) {
                try (Served proxy = proxy(db, upstream)) {
                    AnthropicClient anthropic = AnthropicOkHttpClient.builder().apiKey(KEY).maxRetries(0)
                            .baseUrl(proxy.resolve("/anthropic").toString()).build();
                    try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(message)) {
                        assertTrue(stream.stream().count() > 5);
                    }
                    awaitCalls(db, 1);
                }
            }
        }
        assertEquals(1, rows(db).path("total").path("requests").asLong(), "the same message id is one call");
    }

    @Test
    void malformedUpstreamBodiesAreRelayedAsTheyCameAndCountedUnreadable() throws Exception {
        Path db = dir.resolve("malformed.db");
        try (FakeProvider upstream = new FakeProvider(); Served proxy = proxy(db, upstream)) {
            HttpClient http = HttpClient.newHttpClient();
            String brokenJson = "{\"id\":\"chatcmpl-x\",\"usage\":{\"prompt_tokens\":12,";
            String brokenStream = "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"
                    + "data: {not json at all\n\ndata: [DONE]\n\n";
            for (String[] body : List.of(new String[] {brokenJson, "application/json"},
                    new String[] {brokenStream, "text/event-stream"})) {
                upstream.rawBody = body[0];
                upstream.rawType = body[1];
                HttpResponse<String> relayed = http.send(HttpRequest.newBuilder(proxy.resolve("/openai/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"stream\":true,"
                                + "\"stream_options\":{\"include_usage\":true}}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, relayed.statusCode());
                assertEquals(body[0], relayed.body(), "relayed byte for byte");
            }
            upstream.rawBody = null;
            callMany(proxy, 3);
            awaitCalls(db, 3);
            String log = Files.readString(proxy.stderr);
            assertTrue(log.contains("unreadable"), log);
            assertFalse(log.contains("Exception"), log);
        }
    }

    @Test
    void geminiCallsAndStreamsAreRecordedAndTheKeyInTheQueryIsKeptNowhere() throws Exception {
        Path db = dir.resolve("gemini.db");
        String key = "AIza-TEST-DO-NOT-STORE-0c9d2f";
        try (FakeProvider upstream = new FakeProvider();
             Served proxy = proxy(db, upstream, "--upstream", "gemini=" + upstream.url())) {
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}";
            HttpResponse<String> call = http.send(HttpRequest.newBuilder(proxy.resolve(
                    "/gemini/v1beta/models/gemini-2.5-pro:generateContent?key=" + key))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, call.statusCode(), call.body());
            assertTrue(call.body().contains("Hello from the fake upstream."), call.body());
            HttpResponse<String> stream = http.send(HttpRequest.newBuilder(proxy.resolve(
                    "/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"))
                    .header("x-goog-api-key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(Canned.stream("gemini-stream.sse", true), stream.body(), "the stream relayed as it came");
            assertEquals("key=" + key, upstream.received.get(0).query());
            assertEquals(key, upstream.received.get(1).headers().getFirst("X-goog-api-key"));
            awaitCalls(db, 2);
        }
        Map<String, String> byModel = new java.util.TreeMap<>();
        for (JsonNode row : rows(db, "provider", "model").path("rows")) {
            byModel.put(row.path("provider").asText() + " " + row.path("model").asText(), row.path("input_tokens").asLong()
                    + " " + row.path("output_tokens").asLong() + " " + row.path("cache_read_tokens").asLong() + " "
                    + row.path("reasoning_tokens").asLong());
        }
        assertEquals(Map.of("google gemini-2.5-pro", (5000 - 4096) + " " + (120 + 200) + " 4096 200",
                "google gemini-2.5-flash", (400 - 256) + " " + (50 + 80) + " 256 80"), byModel);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(key),
                        "the key is in " + file);
            }
        }
    }

    @Test
    void withoutAnUpstreamTheProxyDoesNotStartInTests() throws Exception {
        Jar.Result result = Jar.run(dir.resolve("none.db"), "", "proxy", "--port", "0");
        assertEquals(2, result.code(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("--upstream"), result.err());
    }

    private static List<Long> toList(long[] values) {
        List<Long> list = new ArrayList<>();
        for (long value : values) {
            list.add(value);
        }
        return list;
    }
}
