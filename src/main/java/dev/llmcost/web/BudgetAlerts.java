package dev.llmcost.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.budget.BudgetStatus;
import dev.llmcost.model.Money;
import dev.llmcost.store.AlertStore;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.Store;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Budget alerts for {@code serve --alert-webhook URL}: after calls are stored (and every half minute, for calls
 * that arrived another way), each budget that passed its alert threshold or its limit in its current period is
 * announced once: a JSON POST with a Slack-style {@code text} and the budget's figures. The claim is stored before
 * the message is sent, so a restart or a second worker never repeats it.
 */
public final class BudgetAlerts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webhook;
    private final Clock clock;
    private final Supplier<ZoneId> zone;
    private final PrintWriter log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public BudgetAlerts(URI webhook, Clock clock, Supplier<ZoneId> zone, PrintWriter log) {
        this.webhook = webhook;
        this.clock = clock;
        this.zone = zone;
        this.log = log;
    }

    /** Claims every new crossing in one transaction, then sends one message per claim. */
    public void check(Store store) {
        List<BudgetStatus> claimed = store.write(connection -> {
            BudgetStore budgets = new BudgetStore(connection);
            AlertStore alerts = new AlertStore(connection);
            List<BudgetStatus> fresh = new ArrayList<>();
            for (BudgetStatus status : budgets.statuses(budgets.list(null, null), clock.instant(), zone.get())) {
                if (status.state() != BudgetStatus.State.OK && alerts.claim(status)) {
                    fresh.add(status);
                }
            }
            return fresh;
        });
        for (BudgetStatus status : claimed) {
            send(status);
        }
    }

    private void send(BudgetStatus status) {
        ObjectNode message = JSON.createObjectNode();
        String state = status.state().name().toLowerCase(Locale.ROOT);
        message.put("text", "llmcost: " + status.budget().describe() + " " + status.budget().period().dbName()
                + " budget " + (status.state() == BudgetStatus.State.OVER ? "is over its limit" : "passed its alert threshold")
                + ": $" + status.spentUsd().toPlainString() + " of $" + status.budget().limitUsd().toPlainString()
                + " (" + status.percentUsed().toPlainString() + "%)");
        ObjectNode budget = message.putObject("budget");
        budget.put("scope", status.budget().scope().dbName());
        budget.put("subject", status.budget().subject());
        budget.put("period", status.budget().period().dbName());
        budget.put("state", state);
        budget.put("limit_usd", Money.forJson(status.budget().limitUsd()));
        budget.put("spent_usd", Money.forJson(status.spentUsd()));
        budget.put("percent_used", status.percentUsed());
        budget.put("period_start", status.periodStart().toString());
        budget.put("period_end", status.periodEnd().toString());
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(message.toString()))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                log.println("llmcost: budget alert webhook answered " + response.statusCode() + " for " + budget.path("scope").asText());
                log.flush();
            }
        } catch (java.io.IOException e) {
            log.println("llmcost: budget alert webhook cannot be reached: " + e.getMessage());
            log.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
