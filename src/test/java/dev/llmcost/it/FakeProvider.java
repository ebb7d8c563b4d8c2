package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.proxy.Canned;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A stand-in for the OpenAI, Anthropic and Gemini APIs on 127.0.0.1, serving the canned responses of {@link Canned}:
 * non-streamed JSON (gzipped when the client accepts it, as the providers do) and streams that pause for
 * {@link #PAUSE_MS} after their first part. It keeps every request it was sent.
 */
final class FakeProvider implements AutoCloseable {
    static final long PAUSE_MS = 1500;

    /** One request as it arrived. */
    record Received(String method, String path, String query, Headers headers, JsonNode body) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answers = new AtomicInteger();
    /** A body to answer the next requests with, as it is (with this content type), instead of a canned one. */
    volatile String rawBody;
    volatile String rawType;
    /** A status to answer the next requests with instead of a response (429, 500 …), or 0. */
    volatile int failWith;

    FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-provider");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), body));
            if (failWith != 0) {
                byte[] error = ("{\"error\":{\"message\":\"fake " + failWith + "\",\"type\":\"rate_limit_error\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Retry-After", "7");
                exchange.sendResponseHeaders(failWith, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            if (rawBody != null) {
                byte[] raw = rawBody.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", rawType);
                exchange.sendResponseHeaders(200, raw.length);
                exchange.getResponseBody().write(raw);
                return;
            }
            boolean stream = body.path("stream").asBoolean(false) || path.endsWith(":streamGenerateContent");
            String name = switch (path.replaceFirst("^/v1beta/models/[^:]+:", "/gemini:")) {
                case "/v1/chat/completions" -> stream ? "openai-chat-stream.sse" : "openai-chat.json";
                case "/v1/messages" -> stream ? "anthropic-stream.sse" : "anthropic-message.json";
                case "/gemini:generateContent" -> "gemini-response.json";
                case "/gemini:streamGenerateContent" -> "gemini-stream.sse";
                default -> null;
            };
            exchange.getResponseHeaders().set("x-request-id", "req_fake_" + received.size());
            if (name == null) {
                exchange.sendResponseHeaders(404, -1);
            } else if (stream) {
                stream(exchange, Canned.parts(name, body.path("stream_options").path("include_usage").asBoolean(false)));
            } else {
                // every answer a response id of its own, as the providers give: the id is the call's key
                json(exchange, Canned.text(name).strip().replaceFirst("FakeNonStream(\\d+)", "FakeNonStream$1-" + answers.incrementAndGet())
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void json(HttpExchange exchange, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        String accepts = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (accepts != null && accepts.contains("gzip")) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(json);
            }
            json = zipped.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(200, json.length);
        exchange.getResponseBody().write(json);
    }

    private static void stream(HttpExchange exchange, List<String> parts) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                try {
                    Thread.sleep(PAUSE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out.write(parts.get(i).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
