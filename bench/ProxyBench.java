import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code llmcost proxy} adds to a call: the same calls, at the same concurrency, straight to a fake
 * upstream on 127.0.0.1 and through the proxy to it, interleaved in rounds. Prints the medians and 99th
 * percentiles of each, and of a stream's first byte. Run by bench/proxy.sh:
 *   java bench/ProxyBench.java LLMCOST_COMMAND CALLS CONCURRENCY STREAMS
 */
public class ProxyBench {
    private static final AtomicInteger IDS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String llmcost = args[0];
        int calls = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int streams = Integer.parseInt(args[3]);
        HttpServer upstream = fakeUpstream();
        String upstreamUrl = "http://127.0.0.1:" + upstream.getAddress().getPort();
        Process proxy = new ProcessBuilder(llmcost, "proxy", "--port", "0", "--upstream", "openai=" + upstreamUrl)
                .redirectError(ProcessBuilder.Redirect.appendTo(new java.io.File(System.getProperty("java.io.tmpdir"), "llmcost-proxy-bench.err"))).start();
        String proxyUrl = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8))
                .readLine().replaceAll("/$", "") + "/openai";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            run(http, pool, upstreamUrl, calls / 5, false); // warm both paths (and the proxy's JIT) first
            run(http, pool, proxyUrl, calls / 5, false);
            List<Long> direct = new ArrayList<>();
            List<Long> proxied = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                direct.addAll(run(http, pool, upstreamUrl, calls / 10, false));
                proxied.addAll(run(http, pool, proxyUrl, calls / 10, false));
            }
            List<Long> directFirst = new ArrayList<>();
            List<Long> proxiedFirst = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                directFirst.addAll(run(http, pool, upstreamUrl, streams / 10, true));
                proxiedFirst.addAll(run(http, pool, proxyUrl, streams / 10, true));
            }
            System.out.printf("proxy overhead, %d calls at %d-way concurrency (interleaved rounds; µs)%n", calls, concurrency);
            System.out.printf("%-34s %10s %10s%n", "", "median", "p99");
            row("call, direct to the upstream", direct);
            row("call, through llmcost proxy", proxied);
            System.out.printf("%-34s %10d %10d%n", "added by the proxy", pct(proxied, 50) - pct(direct, 50),
                    pct(proxied, 99) - pct(direct, 99));
            row("stream first byte, direct", directFirst);
            row("stream first byte, through proxy", proxiedFirst);
            System.out.printf("%-34s %10d %10d%n", "first byte delayed by", pct(proxiedFirst, 50) - pct(directFirst, 50),
                    pct(proxiedFirst, 99) - pct(directFirst, 99));
            System.out.println("proxied calls: " + (calls / 5 + proxied.size() + proxiedFirst.size()));
        } finally {
            pool.shutdownNow();
            proxy.destroy(); // SIGTERM: the proxy records what it still holds before it exits
            proxy.waitFor();
            upstream.stop(0);
        }
    }

    private static void row(String name, List<Long> micros) {
        System.out.printf("%-34s %10d %10d%n", name, pct(micros, 50), pct(micros, 99));
    }

    private static long pct(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /** Each call's time in µs: the whole response, or a stream's first byte. */
    private static List<Long> run(HttpClient http, ExecutorService pool, String base, int count, boolean stream)
            throws Exception {
        List<Future<Long>> times = new ArrayList<>();
        String body = stream ? "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"
                : "{\"model\":\"gpt-4o\",\"messages\":[]}";
        for (int i = 0; i < count; i++) {
            times.add(pool.submit(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                        .header("Authorization", "Bearer sk-bench").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                long start = System.nanoTime();
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    if (in.read() < 0 || response.statusCode() != 200) {
                        throw new IllegalStateException("status " + response.statusCode());
                    }
                    long first = System.nanoTime();
                    in.readAllBytes();
                    return ((stream ? first : System.nanoTime()) - start) / 1000;
                }
            }));
        }
        List<Long> micros = new ArrayList<>();
        for (Future<Long> time : times) {
            micros.add(time.get());
        }
        return micros;
    }

    private static HttpServer fakeUpstream() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else each response waits out a delayed ACK
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                boolean stream = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                        .contains("\"stream\":true");
                String id = "chatcmpl-bench" + IDS.incrementAndGet();
                String usage = "\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":300,\"total_tokens\":1500,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":1024}}";
                if (!stream) {
                    byte[] json = ("{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1764835200,"
                            + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                            + "\"assistant\",\"content\":\"Hello.\"},\"finish_reason\":\"stop\"}]," + usage + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, json.length);
                    exchange.getResponseBody().write(json);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                String chunk = "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"}}],\"usage\":null}\n\n";
                for (int i = 0; i < 20; i++) {
                    out.write(chunk.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(("data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
                        + "\"choices\":[]," + usage + "}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return server;
    }
}
