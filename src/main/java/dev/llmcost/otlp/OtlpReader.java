package dev.llmcost.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP/HTTP export requests (OTLP 1.x), logs or traces, in protobuf (the project's generated classes) or
 * in OTLP's JSON encoding (read here: lowerCamelCase fields, ids in hex, 64-bit integers as strings or
 * numbers, enums as numbers), flattened into {@link TelemetryRecord}s.
 */
public final class OtlpReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private OtlpReader() {
    }

    public static List<TelemetryRecord> logs(byte[] body, boolean json) throws MalformedTelemetry {
        return json ? logsFromJson(tree(body)) : logsFromProtobuf(body);
    }

    public static List<TelemetryRecord> spans(byte[] body, boolean json) throws MalformedTelemetry {
        return json ? spansFromJson(tree(body)) : spansFromProtobuf(body);
    }

    /**
     * OTLP's answer to an export: success ({@code {}} or an empty message), or partial success naming how many
     * records were refused and why.
     */
    public static byte[] response(boolean traces, long rejected, String message, boolean json) {
        if (json) {
            if (rejected == 0) {
                return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode();
            root.putObject("partialSuccess").put(traces ? "rejectedSpans" : "rejectedLogRecords", Long.toString(rejected))
                    .put("errorMessage", message);
            return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (traces) {
            var response = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.newBuilder();
            if (rejected > 0) {
                response.setPartialSuccess(io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(rejected).setErrorMessage(message));
            }
            return response.build().toByteArray();
        }
        var response = io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse.newBuilder();
        if (rejected > 0) {
            response.setPartialSuccess(io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected).setErrorMessage(message));
        }
        return response.build().toByteArray();
    }

    private static List<TelemetryRecord> logsFromProtobuf(byte[] body) throws MalformedTelemetry {
        ExportLogsServiceRequest request;
        try {
            request = ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedTelemetry("not an OTLP logs export request (protobuf): " + e.getMessage());
        }
        List<TelemetryRecord> records = new ArrayList<>();
        for (ResourceLogs resource : request.getResourceLogsList()) {
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                Map<String, Object> outer = new LinkedHashMap<>();
                put(outer, resource.getResource().getAttributesList());
                put(outer, scope.getScope().getAttributesList());
                for (LogRecord log : scope.getLogRecordsList()) {
                    Map<String, Object> attributes = new LinkedHashMap<>(outer);
                    put(attributes, log.getAttributesList());
                    String body1 = log.getBody().hasStringValue() ? log.getBody().getStringValue() : null;
                    records.add(new TelemetryRecord(false, eventName(attributes, body1), body1, log.getTimeUnixNano(),
                            log.getObservedTimeUnixNano(), attributes, null));
                }
            }
        }
        return records;
    }

    private static List<TelemetryRecord> spansFromProtobuf(byte[] body) throws MalformedTelemetry {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedTelemetry("not an OTLP traces export request (protobuf): " + e.getMessage());
        }
        List<TelemetryRecord> records = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                Map<String, Object> outer = new LinkedHashMap<>();
                put(outer, resource.getResource().getAttributesList());
                put(outer, scope.getScope().getAttributesList());
                for (Span span : scope.getSpansList()) {
                    Map<String, Object> attributes = new LinkedHashMap<>(outer);
                    put(attributes, span.getAttributesList());
                    records.add(new TelemetryRecord(true, span.getName(), null, span.getEndTimeUnixNano(),
                            span.getStartTimeUnixNano(), attributes, hex(span.getTraceId()) + hex(span.getSpanId())));
                }
            }
        }
        return records;
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    private static void put(Map<String, Object> into, List<KeyValue> attributes) {
        for (KeyValue attribute : attributes) {
            Object value = value(attribute.getValue());
            if (value != null) {
                into.put(attribute.getKey(), value);
            }
        }
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            default -> null; // arrays, maps and bytes carry nothing a call needs
        };
    }

    /** A log record's event: its {@code event.name} attribute, else its string body. */
    private static String eventName(Map<String, Object> attributes, String body) {
        Object name = attributes.get("event.name");
        return name instanceof String text && !text.isEmpty() ? text : body;
    }

    private static JsonNode tree(byte[] body) throws MalformedTelemetry {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new MalformedTelemetry("an OTLP JSON body must be one JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw new MalformedTelemetry("not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static List<TelemetryRecord> logsFromJson(JsonNode request) throws MalformedTelemetry {
        List<TelemetryRecord> records = new ArrayList<>();
        for (JsonNode resource : array(request, "resourceLogs")) {
            for (JsonNode scope : array(resource, "scopeLogs")) {
                Map<String, Object> outer = new LinkedHashMap<>();
                put(outer, resource.path("resource"));
                put(outer, scope.path("scope"));
                for (JsonNode log : array(scope, "logRecords")) {
                    Map<String, Object> attributes = new LinkedHashMap<>(outer);
                    put(attributes, log);
                    JsonNode bodyValue = log.path("body").path("stringValue");
                    String body = bodyValue.isTextual() ? bodyValue.textValue() : null;
                    records.add(new TelemetryRecord(false, eventName(attributes, body), body,
                            nanos(log, "timeUnixNano"), nanos(log, "observedTimeUnixNano"), attributes, null));
                }
            }
        }
        return records;
    }

    private static List<TelemetryRecord> spansFromJson(JsonNode request) throws MalformedTelemetry {
        List<TelemetryRecord> records = new ArrayList<>();
        for (JsonNode resource : array(request, "resourceSpans")) {
            for (JsonNode scope : array(resource, "scopeSpans")) {
                Map<String, Object> outer = new LinkedHashMap<>();
                put(outer, resource.path("resource"));
                put(outer, scope.path("scope"));
                for (JsonNode span : array(scope, "spans")) {
                    Map<String, Object> attributes = new LinkedHashMap<>(outer);
                    put(attributes, span);
                    records.add(new TelemetryRecord(true, span.path("name").asText(""), null,
                            nanos(span, "endTimeUnixNano"), nanos(span, "startTimeUnixNano"), attributes,
                            span.path("traceId").asText("") + span.path("spanId").asText("")));
                }
            }
        }
        return records;
    }

    private static List<JsonNode> array(JsonNode parent, String field) throws MalformedTelemetry {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new MalformedTelemetry(field + " must be an array");
        }
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw new MalformedTelemetry(field + " must hold objects");
            }
            items.add(item);
        }
        return items;
    }

    private static void put(Map<String, Object> into, JsonNode holder) throws MalformedTelemetry {
        for (JsonNode attribute : array(holder, "attributes")) {
            String key = attribute.path("key").asText(null);
            JsonNode value = attribute.path("value");
            Object parsed = null;
            if (value.has("stringValue")) {
                parsed = value.get("stringValue").asText();
            } else if (value.has("intValue")) {
                parsed = integer(value.get("intValue"), key);
            } else if (value.has("doubleValue")) {
                parsed = value.get("doubleValue").asDouble();
            } else if (value.has("boolValue")) {
                parsed = value.get("boolValue").asBoolean();
            }
            if (key != null && parsed != null) {
                into.put(key, parsed);
            }
        }
    }

    /** A 64-bit integer as JSON sends it: a number (JS exporters) or a string of digits (Go, Python, Rust, Java). */
    private static long integer(JsonNode node, String name) throws MalformedTelemetry {
        try {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isTextual()) {
                return Long.parseLong(node.textValue().trim());
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new MalformedTelemetry(name + " is not a 64-bit integer: " + node);
    }

    private static long nanos(JsonNode holder, String field) throws MalformedTelemetry {
        JsonNode node = holder.get(field);
        return node == null || node.isNull() ? 0 : integer(node, field);
    }
}
