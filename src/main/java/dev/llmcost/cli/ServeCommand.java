package dev.llmcost.cli;

import dev.llmcost.env.DbLocation;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.store.Store;
import dev.llmcost.web.DashboardServer;
import dev.llmcost.web.WebBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

@Command(mixinStandardHelpOptions = true, name = "serve", sortOptions = false,
        description = "Serve the dashboard (spend per day, projects, budgets, recent calls) and a JSON API over HTTP.",
        footer = {
                "",
                "API (the same JSON as the commands' --format json):",
                "  GET  /api/usage?group_by=model,day&since=7d&until=…&project=…   as report",
                "  GET  /api/budgets                                              as budget status",
                "  GET  /api/projects   ·   GET /api/calls?limit=20",
                "  POST /api/usage      one call or an array (record's flags as snake_case fields,",
                "                       or a provider's response JSON); Content-Type: application/json",
                "",
                "It listens on 127.0.0.1 only, unless --bind names another address; then --token (or",
                "LLMCOST_TOKEN) is required and every /api/ request needs 'Authorization: Bearer TOKEN'.",
                "",
                "Examples:",
                "  llmcost serve                         # then open http://127.0.0.1:8787/",
                "  LLMCOST_TOKEN=$(openssl rand -hex 24) llmcost serve --bind 0.0.0.0 --port 9000",
        })
public final class ServeCommand extends BaseCommand {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8787",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8787;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs --token.")
    String bind = "127.0.0.1";

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token every API request must carry (default: $LLMCOST_TOKEN).")
    String token;

    @Option(names = "--max-body-kb", paramLabel = "KB", defaultValue = "1024",
            description = "Largest POST body accepted, in KiB (default: ${DEFAULT-VALUE}); larger ones get 413.")
    int maxBodyKb = 1024;

    @Option(names = "--alert-webhook", paramLabel = "URL",
            description = "POST a message here once when a budget passes its alert threshold and once when it goes "
                    + "over (default: $LLMCOST_ALERT_WEBHOOK; Slack-style JSON with a 'text' field).")
    String alertWebhook;

    @Override
    public Integer call() {
        DashboardServer server = start();
        out().println(ListenAddress.url(server.address()));
        out().flush();
        err().println("llmcost: serving " + (postgres() != null ? postgres().toString() : dbPath().toString())
                + (token() != null ? " (token required)" : "")
                + "; Ctrl-C stops");
        err().flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return LlmcostException.EXIT_OK;
    }

    /** Checks the flags, opens (and migrates) the database once, and starts listening. */
    DashboardServer start() {
        if (maxBodyKb < 1 || maxBodyKb > 1024 * 1024) {
            throw LlmcostException.usage("--max-body-kb: expected 1 to 1048576, got " + maxBodyKb);
        }
        String secret = token();
        InetSocketAddress address = ListenAddress.of(bind, port, secret, "read and write your usage");
        String tz = root().tz;
        if (tz != null) {
            zone();
        }
        boolean team = postgres() != null;
        String named = team ? DbLocation.named(root().db, environment()) : dbPath().toString();
        try (Store store = openStore()) {
            store.schemaVersion();
        } catch (java.sql.SQLException e) {
            throw LlmcostException.runtime((team ? postgres().toString() : named) + ": cannot read: " + e.getMessage(), e);
        }
        WebBackend backend = new WebBackend(environment(),
                (out, err, args) -> LlmcostCommand.run(environment(), out, err, args), named,
                team ? null : dbPath(), this::openStore, tz, this::zone);
        String webhook = alertWebhook != null ? alertWebhook : environment().variable("LLMCOST_ALERT_WEBHOOK");
        if (webhook != null) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(webhook);
            } catch (IllegalArgumentException e) {
                throw LlmcostException.usage("--alert-webhook: not a URL: " + webhook);
            }
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw LlmcostException.usage("--alert-webhook: expected an http:// or https:// URL, got " + webhook);
            }
            String every = environment().variable("LLMCOST_ALERT_CHECK_MS"); // tests shorten the 30 s
            backend.alertTo(new dev.llmcost.web.BudgetAlerts(uri, environment().clock(), this::zone, err()),
                    every != null && every.matches("\\d{2,7}") ? Long.parseLong(every) : 30_000);
        }
        try {
            return DashboardServer.start(address, secret, backend, maxBodyKb * 1024,
                    Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        } catch (IOException e) {
            throw LlmcostException.runtime("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private String token() {
        return token != null ? token : environment().variable("LLMCOST_TOKEN");
    }
}
