package dev.llmcost.otlp;

import java.util.Map;

/**
 * One OTLP log record or span, flattened: its name, time and attributes (the resource's, then the
 * scope's, then its own, later ones winning), values as String, Long, Double or Boolean.
 *
 * @param name    a log record's {@code event.name} attribute or its string body (Claude Code puts
 *                {@code claude_code.api_request} in the body and {@code api_request} in {@code event.name}:
 *                both are kept, see {@link #body}); a span's name
 * @param body    a log record's string body, or null
 * @param spanId  a span's trace id + span id in hex, or null for a log record
 */
public record TelemetryRecord(boolean span, String name, String body, long timeUnixNano, long observedUnixNano,
                              Map<String, Object> attributes, String spanId) {
}
