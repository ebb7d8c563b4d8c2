package dev.llmcost.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.llmcost.web.HttpGuards;
import dev.llmcost.web.Listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code llmcost proxy}: a reverse proxy in front of the providers' APIs. {@code /NAME/rest} goes to
 * upstream NAME's base URL + {@code rest}, request and response passed through as they are (headers
 * included, a streamed response relayed as each piece arrives), while a copy of the response is read for
 * its usage, which is handed to a {@link CallSink} after the client has its answer. The one change made to
 * a request: an OpenAI Chat Completions stream that does not ask for usage is asked for it
 * ({@code stream_options.include_usage}), and the extra usage chunk is left out of what the app sees.
 * {@code X-Llmcost-Project}, {@code X-Llmcost-User} and {@code X-Llmcost-Tag: k=v} set the call's fields and
 * are not forwarded. Nothing here stores or prints a header, a URL's query or a body.
 */
public final class ProxyServer implements AutoCloseable {
    /** Where captured calls go; called on the request's thread after the response was relayed. */
    public interface CallSink {
        void captured(Capture capture);
    }

    /** Hop-by-hop headers (RFC 9110 7.6.1) and the ones the JDK's client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A non-streamed response body larger than this is relayed but not read for usage. */
    private static final int MAX_COPY = 64 << 20;

    private final Listener listener;
    private final HttpClient client;
    private final Upstreams upstreams;
    private final String token;
    private final CallSink sink;
    private final Clock clock;

    private ProxyServer(Listener listener, Upstreams upstreams, String token, CallSink sink, Clock clock) {
        this.listener = listener;
        this.upstreams = upstreams;
        this.token = token;
        this.sink = sink;
        this.clock = clock;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(15)).executor(listener.workers())
                .build();
    }

    /** Listens on {@code address} (port 0 picks a free one); {@code token} null means loopback clients only. */
    public static ProxyServer start(InetSocketAddress address, String token, Upstreams upstreams, CallSink sink,
                                    Clock clock) throws IOException {
        ProxyServer proxy = new ProxyServer(Listener.open(address, "llmcost-proxy", 0), upstreams, token, sink, clock);
        proxy.listener.serve(proxy::handle);
        return proxy;
    }

    public int port() {
        return listener.address().getPort();
    }

    @Override
    public void close() {
        listener.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers in = exchange.getRequestHeaders();
            if (in.containsKey("Origin") || in.containsKey("Sec-Fetch-Site")) {
                // SDKs and agents send neither; a browser sends them with every request a page makes
                error(exchange, 403, "requests from web pages are refused (a page must not spend through this proxy)");
                return;
            }
            if (token == null && !HttpGuards.loopbackHost(in.getFirst("Host"))) {
                error(exchange, 403, "the Host header must name the loopback address (localhost, 127.0.0.1, [::1])");
                return;
            }
            if (token != null && !HttpGuards.sameToken(token, in.getFirst("X-Llmcost-Token"))) {
                error(exchange, 401, "this proxy needs 'X-Llmcost-Token: TOKEN' (the token given to llmcost proxy)");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            Upstreams.Upstream upstream = upstreams.forPath(path);
            if (upstream == null) {
                error(exchange, 404, "no upstream for " + path.replaceAll("^(/[^/]*).*", "$1")
                        + "; this proxy forwards " + String.join(", ", upstreams.all().keySet().stream()
                        .map(n -> "/" + n + "/…").toList()));
                return;
            }
            forward(exchange, upstream, path.substring(1 + upstream.name().length()));
        }
    }

    private void forward(HttpExchange exchange, Upstreams.Upstream upstream, String rest) throws IOException {
        Headers in = exchange.getRequestHeaders();
        String method = exchange.getRequestMethod();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Capture.Fields fields = Capture.Fields.of(in);
        JsonNode request = json(body);
        boolean askedForUsage = false;
        if (request instanceof ObjectNode object && rest.endsWith("/chat/completions")
                && object.path("stream").asBoolean(false)
                && !object.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode options = object.path("stream_options").isObject() ? (ObjectNode) object.get("stream_options")
                    : object.putObject("stream_options");
            options.put("include_usage", true);
            body = MAPPER.writeValueAsBytes(object);
            askedForUsage = true;
        }
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(upstream.base() + rest + (query == null ? "" : "?" + query));
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(target)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : in.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(name) && !name.startsWith("x-llmcost-")) {
                header.getValue().forEach(value -> outgoing.header(header.getKey(), value));
            }
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(outgoing.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            error(exchange, 502, "upstream " + upstream.name() + " (" + target.getHost() + ") cannot be reached: "
                    + e.getClass().getSimpleName());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        relay(exchange, response, upstream, request, fields, askedForUsage);
    }

    private void relay(HttpExchange exchange, HttpResponse<InputStream> response, Upstreams.Upstream upstream,
                       JsonNode request, Capture.Fields fields, boolean askedForUsage) throws IOException {
        Headers out = exchange.getResponseHeaders();
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                out.put(name, values);
            }
        });
        String type = response.headers().firstValue("Content-Type").orElse("");
        String encoding = response.headers().firstValue("Content-Encoding").orElse("identity");
        boolean stream = type.startsWith("text/event-stream") && encoding.equals("identity");
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        int status = response.statusCode();
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304 || length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : length > 0 && !askedForUsage ? length : 0);
        UsageTap tap = stream ? new UsageTap.Stream(askedForUsage) : new UsageTap.Copy(MAX_COPY, type, encoding);
        try (InputStream body = response.body(); OutputStream client = exchange.getResponseBody()) {
            byte[] buffer = new byte[16 << 10];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                tap.pass(buffer, n, client);
            }
            tap.end(client);
        } catch (IOException clientOrUpstreamGone) {
            // the call may still have been billed: what usage was seen is recorded below
        }
        if (status / 100 == 2) {
            JsonNode document = tap.document();
            if (document != null || tap.unreadable() > 0) {
                sink.captured(new Capture(clock.instant(), upstream.provider(), request == null ? null
                        : request.path("model").textValue(), document, tap.unreadable(), fields));
            }
        }
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0 || body[0] != '{') {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null; // forwarded as it is; the provider answers it
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "llmcost proxy: " + message);
        error.put("type", "llmcost_proxy_error");
        byte[] json = MAPPER.writeValueAsBytes(Map.of("error", error));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

}
