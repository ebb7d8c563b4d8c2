package dev.llmcost.web;

import java.util.Map;

/**
 * What the API answers, given the query's parameters (a repeated parameter's values joined by commas).
 * The server only speaks HTTP; {@link WebBackend} answers with the same code the commands print with.
 */
public interface Backend extends AutoCloseable {
    /** {@code GET /api/usage}: {@code report --format json}. */
    Reply usage(Map<String, String> query);

    /** {@code GET /api/budgets}: {@code budget status --format json}. */
    Reply budgets(Map<String, String> query);

    /** {@code GET /api/projects}: {@code projects --format json}. */
    Reply projects(Map<String, String> query);

    /** {@code GET /api/calls}: the most recent calls. */
    Reply calls(Map<String, String> query);

    /** {@code GET /api/changes}: a stamp that changes whenever the database does (the page polls it). */
    Reply changes();

    /** Prometheus' text format: spend, calls and tokens by provider, model, project and user; budgets. */
    Reply metrics();

    /** {@code POST /api/usage}: record one call or an array of calls. */
    Reply record(byte[] body, Map<String, String> query);

    /**
     * OTLP/HTTP: an export request of logs or spans ({@code traces}), protobuf or JSON, its body already
     * decompressed; each record that is an API call is stored once, its user {@code user} unless it names one.
     */
    Reply telemetry(boolean traces, byte[] body, boolean json, String user);

    /** The active person's token whose secret this is, if any ({@code llmcost token add}). */
    java.util.Optional<dev.llmcost.model.ApiToken> token(String secret);

    /** Releases what the answers kept open (connections); called when the server stops. */
    @Override
    default void close() {
    }
}
