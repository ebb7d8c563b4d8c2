package dev.llmcost.web;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** The JDK's HTTP server on daemon worker threads, as every llmcost server ({@code serve}, {@code proxy}) runs it. */
public final class Listener implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService workers;

    private Listener(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /**
     * Binds {@code address} (port 0 picks a free one). {@code threads} workers, or with 0 a thread per request
     * as requests come (a proxied stream holds its thread for as long as the provider writes).
     */
    public static Listener open(InetSocketAddress address, String threadName, int threads) throws IOException {
        // without TCP_NODELAY a keep-alive client waits out its delayed ACK (~40 ms) on every response: the
        // server writes headers and body apart. Read once, when the JDK's server first loads its settings.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http = HttpServer.create(address, 128);
        ThreadFactory daemons = r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        };
        ExecutorService workers = threads == 0 ? Executors.newCachedThreadPool(daemons)
                : Executors.newFixedThreadPool(threads, daemons);
        http.setExecutor(workers);
        return new Listener(http, workers);
    }

    /** Starts answering every path with {@code handler}. */
    public void serve(HttpHandler handler) {
        server.createContext("/", handler);
        server.start();
    }

    public ExecutorService workers() {
        return workers;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
