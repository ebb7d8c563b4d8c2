package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * serve's OTLP/HTTP receiver with the real OpenTelemetry Java SDK as the client: its OTLP exporters (protobuf, gzip)
 * and its own JSON encoding, events shaped as Claude Code, Codex and Gemini CLI send them, and GenAI spans.
 */
class OtlpReceiverIT {
    private static final String TOKEN = "otlp-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Keeps every batch it is handed, so a test can send the very same batch again (an exporter's retry). */
    private static final class Keeping implements LogRecordExporter {
        final List<Collection<LogRecordData>> batches = new ArrayList<>();

        @Override
        public CompletableResultCode export(Collection<LogRecordData> logs) {
            batches.add(List.copyOf(logs));
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static void emit(SdkLoggerProvider provider, String body, Instant at, Map<String, Object> attributes) {
        AttributesBuilder builder = Attributes.builder();
        attributes.forEach((k, v) -> {
            if (v instanceof Long number) {
                builder.put(k, number);
            } else if (v instanceof Double number) {
                builder.put(k, number);
            } else {
                builder.put(k, v.toString());
            }
        });
        provider.get("test").logRecordBuilder().setBody(body).setTimestamp(at).setAllAttributes(builder.build()).emit();
    }

    /** Claude Code: body claude_code.api_request, event.name api_request, numbers as strings (as it sends them). */
    private static void claudeCall(SdkLoggerProvider provider, String prompt, int n, Instant at) {
        emit(provider, "claude_code.api_request", at, Map.of("event.name", "api_request",
                "event.timestamp", at.toString(), "session.id", "sess-1", "prompt.id", prompt,
                "user.email", "ann@example.com", "model", "claude-sonnet-4-5",
                "input_tokens", String.valueOf(100 * n), "output_tokens", String.valueOf(10 * n),
                "cache_read_tokens", String.valueOf(1000 * n), "cache_creation_tokens", String.valueOf(50 * n)));
    }

    private static JsonNode report(Path db, String by) throws Exception {
        Jar.Result result = Jar.run(db, "", "report", "--by", by, "--since", "2020-01-01", "--format", "json");
        assertEquals(0, result.code(), result.err());
        return JSON.readTree(result.out());
    }

    @Test
    void theSdksExportersAndJsonEncodingStoreEachCallOnceWithItsTokens() throws Exception {
        Path db = dir.resolve("llmcost.db");
        try (Served served = Served.start(db, Map.of("LLMCOST_TOKEN", TOKEN))) {
            String endpoint = served.uri.toString().replaceAll("/$", "");
            Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
            // 1. protobuf, gzip, through the SDK's own OTLP/HTTP exporter
            OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder().setEndpoint(endpoint + "/v1/logs")
                    .addHeader("Authorization", "Bearer " + TOKEN).setCompression("gzip").build();
            Keeping kept = new Keeping();
            Resource claude = Resource.getDefault().merge(Resource.create(Attributes.builder()
                    .put("service.name", "claude-code").put("llmcost.project", "web").build()));
            try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(claude)
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(kept)).build()) {
                for (int i = 1; i <= 3; i++) {
                    claudeCall(provider, "prompt-1", i, t0.plusSeconds(i)); // one prompt, several API calls
                }
                emit(provider, "claude_code.user_prompt", t0, Map.of("event.name", "user_prompt", "prompt_length", 12L));
                provider.forceFlush().join(10, TimeUnit.SECONDS);
            }
            // 2. an exporter's retry of a batch it already sent: nothing new
            assertEquals(200, post(endpoint + "/v1/logs", "application/x-protobuf", binary(kept.batches.get(0)), false));
            // 3. Codex and Gemini CLI as JSON (the SDK's JSON encoding: 64-bit integers as strings), chunked and gzipped
            Keeping others = new Keeping();
            try (SdkLoggerProvider provider = SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(others)).build()) {
                emit(provider, "", t0.plusSeconds(60), Map.of("event.name", "codex.sse_event", "event.kind", "response.completed",
                        "model", "gpt-5", "input_token_count", 5000L, "cached_token_count", "4000",
                        "output_token_count", 700L, "reasoning_token_count", 300L, "conversation.id", "conv-1"));
                emit(provider, "", t0.plusSeconds(61), Map.of("event.name", "codex.sse_event", "event.kind", "response.created",
                        "model", "gpt-5"));
                emit(provider, "", t0.plusSeconds(62), Map.of("event.name", "gemini_cli.api_response", "model", "gemini-2.5-pro",
                        "input_token_count", 2000L, "cached_content_token_count", 500L, "output_token_count", 300L,
                        "thoughts_token_count", 200L, "tool_token_count", 0L, "total_token_count", 2500L));
            }
            byte[] json = jsonOf(others.batches);
            assertTrue(new String(json).contains("\"timeUnixNano\":\""), "the SDK sends 64-bit integers as strings");
            assertEquals(200, post(endpoint + "/v1/logs", "application/json", json, true));
            // 4. GenAI spans through the SDK's span exporter; a span without usage adds nothing
            OtlpHttpSpanExporter spans = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces")
                    .addHeader("Authorization", "Bearer " + TOKEN).build();
            try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .setResource(Resource.create(Attributes.builder().put("service.name", "support-bot").build())).build()) {
                Tracer tracer = tracing.get("test");
                Span chat = tracer.spanBuilder("chat gpt-4o").setStartTimestamp(t0.plusSeconds(120)).startSpan();
                chat.setAttribute("gen_ai.provider.name", "openai");
                chat.setAttribute("gen_ai.request.model", "gpt-4o");
                chat.setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06");
                chat.setAttribute("gen_ai.usage.input_tokens", 1200L);
                chat.setAttribute("gen_ai.usage.cache_read.input_tokens", 200L);
                chat.setAttribute("gen_ai.usage.output_tokens", 80L);
                chat.end(t0.plusSeconds(121));
                tracer.spanBuilder("db query").setStartTimestamp(t0.plusSeconds(130)).startSpan().end(t0.plusSeconds(131));
                Span legacy = tracer.spanBuilder("completion").setStartTimestamp(t0.plusSeconds(140)).startSpan();
                legacy.setAttribute("gen_ai.system", "anthropic");
                legacy.setAttribute("gen_ai.request.model", "claude-haiku-4-5");
                legacy.setAttribute("gen_ai.usage.prompt_tokens", 300L);
                legacy.setAttribute("gen_ai.usage.completion_tokens", 30L);
                legacy.end(t0.plusSeconds(141));
                tracing.forceFlush().join(10, TimeUnit.SECONDS);
            }
        }
        JsonNode byAgent = report(db, "agent");
        java.util.Map<String, JsonNode> rows = new java.util.TreeMap<>();
        byAgent.path("rows").forEach(r -> rows.put(r.path("agent").asText(), r));
        assertEquals(List.of("claude-code", "codex", "gemini-cli", "support-bot"), List.copyOf(rows.keySet()), byAgent.toString());
        JsonNode claude = rows.get("claude-code");
        assertEquals(3, claude.path("requests").asLong(), "three API calls of one prompt, the retry stored once");
        assertEquals(600, claude.path("input_tokens").asLong());
        assertEquals(60, claude.path("output_tokens").asLong());
        assertEquals(6000, claude.path("cache_read_tokens").asLong());
        assertEquals(300, claude.path("cache_write_tokens").asLong());
        JsonNode codex = rows.get("codex");
        assertEquals(1, codex.path("requests").asLong(), "only response.completed is a call");
        assertEquals(1000, codex.path("input_tokens").asLong(), "input_token_count includes the cached tokens");
        assertEquals(4000, codex.path("cache_read_tokens").asLong());
        assertEquals(700, codex.path("output_tokens").asLong(), "output includes reasoning");
        assertEquals(300, codex.path("reasoning_tokens").asLong());
        JsonNode gemini = rows.get("gemini-cli");
        assertEquals(1500, gemini.path("input_tokens").asLong());
        assertEquals(500, gemini.path("cache_read_tokens").asLong());
        assertEquals(500, gemini.path("output_tokens").asLong(), "thoughts are output");
        JsonNode bot = rows.get("support-bot");
        assertEquals(2, bot.path("requests").asLong(), "the span without usage is no call");
        assertEquals(1000 + 300, bot.path("input_tokens").asLong());
        assertEquals(200, bot.path("cache_read_tokens").asLong());
        JsonNode byProject = report(db, "project");
        assertTrue(byProject.toString().contains("\"project\":\"web\""), byProject.toString());
        JsonNode byUser = report(db, "user");
        assertTrue(byUser.toString().contains("ann@example.com"), byUser.toString());
    }

    @Test
    void badRequestsGetAClearStatusAndWriteNothing() throws Exception {
        Path db = dir.resolve("bad.db");
        try (Served served = Served.start(db, Map.of("LLMCOST_TOKEN", TOKEN))) {
            String endpoint = served.uri.toString().replaceAll("/$", "");
            Keeping kept = new Keeping();
            try (SdkLoggerProvider provider = SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(kept)).build()) {
                claudeCall(provider, "p", 1, Instant.parse("2026-11-20T10:00:00Z"));
            }
            byte[] good = binary(kept.batches.get(0));
            byte[] truncated = java.util.Arrays.copyOf(good, good.length - 7);
            assertEquals(400, post(endpoint + "/v1/logs", "application/x-protobuf", truncated, false));
            assertEquals(415, post(endpoint + "/v1/logs", "text/plain", good, false));
            assertEquals(400, post(endpoint + "/v1/logs", "application/json", "{\"resourceLogs\": 3}".getBytes(), false));
            assertEquals(413, post(endpoint + "/v1/logs", "application/x-protobuf", new byte[20 << 20], false));
            HttpResponse<String> noToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/v1/logs"))
                    .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(good)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, noToken.statusCode());
            assertEquals(405, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/v1/traces"))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            // a record with a broken count is refused alone, and said so in OTLP's partial-success answer
            Keeping broken = new Keeping();
            try (SdkLoggerProvider provider = SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(broken)).build()) {
                emit(provider, "claude_code.api_request", Instant.parse("2026-11-20T11:00:00Z"), Map.of("event.name", "api_request",
                        "model", "claude-sonnet-4-5", "input_tokens", "-5"));
            }
            HttpResponse<String> partial = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/v1/logs"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(jsonOf(broken.batches))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, partial.statusCode());
            JsonNode answer = JSON.readTree(partial.body());
            assertEquals("1", answer.path("partialSuccess").path("rejectedLogRecords").asText(), partial.body());
            assertTrue(answer.path("partialSuccess").path("errorMessage").asText().contains("input_tokens"), partial.body());
        }
        assertEquals(0, report(db, "model").path("rows").size(), "nothing written");
    }

    private static byte[] binary(Collection<LogRecordData> batch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogsRequestMarshaler.create(batch).writeBinaryTo(out);
        return out.toByteArray();
    }

    private static byte[] jsonOf(List<Collection<LogRecordData>> batches) throws IOException {
        List<LogRecordData> all = new ArrayList<>();
        batches.forEach(all::addAll);
        Marshaler marshaler = LogsRequestMarshaler.create(all);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        marshaler.writeJsonTo(out);
        return out.toByteArray();
    }

    /** POSTs as an exporter would: with the token; {@code chunkedGzip}: gzip, streamed without Content-Length. */
    private static int post(String url, String type, byte[] body, boolean chunkedGzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", type);
        if (chunkedGzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(body);
            }
            byte[] bytes = zipped.toByteArray();
            request.header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)));
        } else {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
