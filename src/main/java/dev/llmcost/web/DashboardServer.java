package dev.llmcost.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.llmcost.model.ApiToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard and its JSON API on the JDK's HTTP server. Fixed routes only: it never maps a path
 * to a file. With a token, every {@code /api/} request needs {@code Authorization: Bearer TOKEN};
 * without one (loopback only), the Host header must name the loopback address, which keeps a web
 * page that rebinds its own DNS name to 127.0.0.1 from reading the API.
 */
public final class DashboardServer implements AutoCloseable {
    /** Bodies larger than this get 413 without being read. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** OTLP batches are larger (an exporter sends up to 512 records at a time); bodies beyond get 413. */
    public static final int MAX_TELEMETRY_BYTES = 16 << 20;

    private final Listener listener;
    private final Backend backend;
    private final String token;
    private final int maxBodyBytes;
    private final byte[] page;

    private DashboardServer(Listener listener, Backend backend, String token, int maxBodyBytes) {
        this.listener = listener;
        this.backend = backend;
        this.token = token;
        this.maxBodyBytes = maxBodyBytes;
        this.page = Page.html().getBytes(StandardCharsets.UTF_8);
    }

    /** Listens on {@code address} (port 0 picks a free one) with {@code threads} workers. */
    public static DashboardServer start(InetSocketAddress address, String token, Backend backend, int maxBodyBytes,
                                        int threads) throws IOException {
        DashboardServer server = new DashboardServer(Listener.open(address, "llmcost-http", threads), backend, token,
                maxBodyBytes);
        server.listener.serve(server::handle);
        return server;
    }

    public int port() {
        return listener.address().getPort();
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    @Override
    public void close() {
        listener.close();
        backend.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = route(exchange);
            } catch (RuntimeException e) {
                reply = Reply.error(500, "internal error: " + e);
            }
            if (reply != null && reply.bytes() != null) {
                send(exchange, reply.status(), reply.contentType(), reply.bytes());
            } else if (reply != null) {
                send(exchange, reply.status(), "application/json; charset=utf-8",
                        reply.json().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The reply, or null when the page was sent. */
    private Reply route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (token == null && !HttpGuards.loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
            return Reply.error(403, "the Host header must name the loopback address (localhost, 127.0.0.1, [::1])");
        }
        if (path.equals("/") || path.equals("/index.html")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return notAllowed(exchange, "GET");
            }
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; "
                    + "script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
            exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
            send(exchange, 200, "text/html; charset=utf-8", method.equals("HEAD") ? null : page);
            return null;
        }
        boolean otlp = path.equals("/v1/logs") || path.equals("/v1/traces");
        boolean metrics = path.equals("/metrics");
        if (!path.startsWith("/api/") && !otlp && !metrics) {
            return Reply.error(404, "no such page: " + path
                    + " (the dashboard is at /, the API under /api/, OpenTelemetry at /v1/logs and /v1/traces, metrics at /metrics)");
        }
        Optional<ApiToken> person = Optional.empty();
        String bearer = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
        boolean admin = token == null || bearer != null && HttpGuards.sameToken(token, bearer);
        if (!admin || bearer != null) {
            person = bearer == null ? Optional.empty() : backend.token(bearer);
        }
        if (!admin && person.isEmpty()) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            return Reply.error(401, "this server needs 'Authorization: Bearer TOKEN' (serve's token, or one from "
                    + "'llmcost token add')");
        }
        boolean writes = method.equals("POST");
        if (person.isPresent() && !admin) {
            ApiToken.Role role = person.get().role();
            if (writes && role != ApiToken.Role.RECORD) {
                return Reply.error(403, "a read token cannot record calls");
            }
            if (!writes && role != ApiToken.Role.READ) {
                return Reply.error(403, "a record token cannot read; make a read token with 'llmcost token add --role read'");
            }
        }
        String user = person.map(ApiToken::user).orElse(null);
        if (otlp) {
            return writes ? telemetry(exchange, path.equals("/v1/traces"), user) : notAllowed(exchange, "POST");
        }
        if (metrics) {
            return method.equals("GET") ? backend.metrics() : notAllowed(exchange, "GET");
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (writes && user != null) {
            query.putIfAbsent("user", user); // a call names its user, else it is the token's holder's
        }
        switch (path) {
            case "/api/usage":
                if (method.equals("GET")) {
                    return backend.usage(query);
                }
                if (method.equals("POST")) {
                    return post(exchange, query);
                }
                return notAllowed(exchange, "GET, POST");
            case "/api/budgets":
                return method.equals("GET") ? backend.budgets(query) : notAllowed(exchange, "GET");
            case "/api/projects":
                return method.equals("GET") ? backend.projects(query) : notAllowed(exchange, "GET");
            case "/api/calls":
                return method.equals("GET") ? backend.calls(query) : notAllowed(exchange, "GET");
            case "/api/changes":
                return method.equals("GET") ? backend.changes() : notAllowed(exchange, "GET");
            default:
                return Reply.error(404, "no such API: " + path
                        + " (known: /api/usage, /api/budgets, /api/projects, /api/calls, /api/changes)");
        }
    }

    private Reply post(HttpExchange exchange, Map<String, String> query) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        String type = headers.getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/json")) {
            return Reply.error(415, "POST /api/usage needs 'Content-Type: application/json'");
        }
        String length = headers.getFirst("Content-Length");
        try {
            if (length != null && Long.parseLong(length.trim()) > maxBodyBytes) {
                return tooLarge();
            }
        } catch (NumberFormatException e) {
            return Reply.error(400, "Content-Length is not a number: " + length);
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            return tooLarge();
        }
        return backend.record(body, query);
    }

    /**
     * OTLP/HTTP export: protobuf or JSON, plain or gzip, with or without Content-Length (exporters often
     * stream chunked); at most {@link #MAX_TELEMETRY_BYTES} before and after decompression.
     */
    private Reply telemetry(HttpExchange exchange, boolean traces, String user) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        String type = headers.getFirst("Content-Type");
        String mediaType = type == null ? "" : type.toLowerCase(Locale.ROOT).split(";")[0].trim();
        boolean json = mediaType.equals("application/json");
        if (!json && !mediaType.equals("application/x-protobuf")) {
            return Reply.error(415, "OTLP/HTTP needs 'Content-Type: application/x-protobuf' or 'application/json'");
        }
        String encoding = headers.getFirst("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            return Reply.error(415, "Content-Encoding " + encoding + " is not supported (gzip or none)");
        }
        byte[] body;
        try (InputStream raw = exchange.getRequestBody()) {
            body = raw.readNBytes(MAX_TELEMETRY_BYTES + 1);
            if (body.length > MAX_TELEMETRY_BYTES) {
                return Reply.error(413, "the body is larger than " + MAX_TELEMETRY_BYTES + " bytes; export smaller batches");
            }
        }
        if (gzip) {
            try (InputStream unzipped = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                body = unzipped.readNBytes(MAX_TELEMETRY_BYTES + 1);
            } catch (IOException e) {
                return Reply.error(400, "the gzip body cannot be read: " + e.getMessage());
            }
            if (body.length > MAX_TELEMETRY_BYTES) {
                return Reply.error(413, "the body is larger than " + MAX_TELEMETRY_BYTES + " bytes unzipped; export smaller batches");
            }
        }
        return backend.telemetry(traces, body, json, user);
    }

    private Reply tooLarge() {
        return Reply.error(413, "the body is larger than " + maxBodyBytes + " bytes; post fewer calls at a time");
    }

    private static Reply notAllowed(HttpExchange exchange, String allowed) {
        exchange.getResponseHeaders().set("Allow", allowed);
        return Reply.error(405, exchange.getRequestMethod() + " is not allowed here (allowed: " + allowed + ")");
    }

    /** The token an {@code Authorization: Bearer TOKEN} header carries, or null. */
    private static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7
                ? header.substring(7).trim() : null;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.merge(name, value, (a, b) -> a + "," + b);
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
