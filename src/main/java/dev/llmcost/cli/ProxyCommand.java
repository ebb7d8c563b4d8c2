package dev.llmcost.cli;

import dev.llmcost.env.DbLocation;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.proxy.ProxyRecorder;
import dev.llmcost.proxy.ProxyServer;
import dev.llmcost.proxy.Upstreams;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

@Command(mixinStandardHelpOptions = true, name = "proxy", sortOptions = false,
        description = "Pass apps' LLM API calls through to the providers and record each call's usage: "
                + "no code changes, only a base URL.",
        footer = {
                "",
                "Point an app's base URL at it; requests and responses (streams too) pass through unchanged:",
                "  OPENAI_BASE_URL=http://127.0.0.1:8788/openai/v1",
                "  ANTHROPIC_BASE_URL=http://127.0.0.1:8788/anthropic      (Claude Code honours it too)",
                "  Gemini: http://127.0.0.1:8788/gemini   ·   OpenRouter: http://127.0.0.1:8788/openrouter/v1",
                "",
                "Request headers X-Llmcost-Project, X-Llmcost-User and X-Llmcost-Tag: KEY=VALUE set those",
                "fields and are not forwarded. API keys and bodies are never stored. A call that cannot be",
                "recorded right away waits in a spool file and is recorded later, once.",
                "",
                "Examples:",
                "  llmcost proxy --project desktop-app",
                "  llmcost proxy --upstream azure=https://example.openai.azure.com/openai",
                "  llmcost proxy --drain          # record what the spool holds, then exit",
        })
public final class ProxyCommand extends BaseCommand {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8788",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8788;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs --token.")
    String bind = "127.0.0.1";

    @Option(names = "--upstream", paramLabel = "NAME=URL",
            description = "Forward /NAME/… to URL (repeatable); replaces a built-in one of that name "
                    + "(openai, anthropic, gemini, openrouter).")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--project", paramLabel = "NAME", description = "Project of calls without X-Llmcost-Project (default: default).")
    String project;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Token every request must carry as X-Llmcost-Token (default: $LLMCOST_TOKEN).")
    String token;

    @Option(names = "--drain", description = "Record the calls the spool holds, then exit.")
    boolean drain;

    @Override
    public Integer call() {
        ProxyRecorder recorder = new ProxyRecorder(environment(), this::openStore, DbLocation.proxySpool(environment()),
                project != null ? project : "default", line -> {
                    err().println("llmcost proxy: " + line);
                    err().flush();
                });
        if (drain) {
            long recorded = recorder.drain();
            recorder.close();
            out().println("Recorded " + recorded + " spooled call(s).");
            return LlmcostException.EXIT_OK;
        }
        // tests and benchmarks set LLMCOST_PROXY_BUILTIN_UPSTREAMS=0: nothing they run may reach a real provider
        Upstreams routes = Upstreams.of(upstreams, !"0".equals(environment().variable("LLMCOST_PROXY_BUILTIN_UPSTREAMS")));
        String secret = token != null ? token : environment().variable("LLMCOST_TOKEN");
        InetSocketAddress address = ListenAddress.of(bind, port, secret, "spend through your API keys");
        try (Store store = openStore()) {
            store.schemaVersion();
        } catch (java.sql.SQLException e) {
            throw LlmcostException.runtime(dbPath() + ": cannot read: " + e.getMessage(), e);
        }
        ProxyServer server;
        try {
            server = ProxyServer.start(address, secret, routes, recorder, environment().clock());
        } catch (IOException e) {
            throw LlmcostException.runtime("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        recorder.start();
        out().println(ListenAddress.url(new InetSocketAddress(address.getAddress(), server.port())));
        out().flush();
        routes.all().values().forEach(up -> err().println("llmcost proxy: /" + up.name() + "/ → " + up.base()));
        err().println("llmcost proxy: recording into " + (postgres() != null ? postgres() : dbPath()) + "; Ctrl-C stops");
        err().flush();
        Thread stop = new Thread(() -> {
            server.close();
            recorder.close();
        });
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return LlmcostException.EXIT_OK;
    }
}
