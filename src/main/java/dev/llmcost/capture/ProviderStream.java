package dev.llmcost.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.Map;

/**
 * A provider's streamed response, as server-sent events (what the API sends with {@code "stream": true}
 * and what {@code curl -N} saves), turned into the one JSON document {@link ProviderUsage#parse} reads for
 * the call. Fed line by line as the stream passes, so nothing waits for it and memory holds one event:
 * <ul>
 * <li>OpenAI Chat Completions (and OpenRouter): the chunk that carries {@code usage} (sent last when the
 *     request asked for {@code stream_options.include_usage}).</li>
 * <li>OpenAI Responses: the {@code response} of {@code response.completed} (or {@code .incomplete},
 *     {@code .failed}).</li>
 * <li>Anthropic Messages: {@code message_start}'s message with its usage, each field overwritten by the
 *     later {@code message_delta} usages, which are cumulative: the call is counted once, with its last
 *     totals.</li>
 * <li>Gemini {@code streamGenerateContent?alt=sse}: the last chunk's {@code usageMetadata}, which holds
 *     the totals so far.</li>
 * </ul>
 * An event whose data is not JSON is counted in {@link #unreadable()} and passed over.
 */
public final class ProviderStream {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final StringBuilder data = new StringBuilder();
    private boolean dataSeen;
    private ObjectNode document;
    private long unreadable;

    /** Whether {@code firstLine} (the input's first non-blank line) starts an event stream rather than JSON. */
    public static boolean looksLikeStream(String firstLine) {
        String line = firstLine.stripLeading();
        return line.startsWith("data:") || line.startsWith("event:") || line.startsWith(":")
                || line.startsWith("id:") || line.startsWith("retry:");
    }

    /** The call a whole saved stream holds, or null when no event carried usage. */
    public static JsonNode read(Reader input) throws IOException {
        ProviderStream stream = new ProviderStream();
        BufferedReader lines = new BufferedReader(input);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            stream.line(line);
        }
        stream.end();
        return stream.document();
    }

    /**
     * One line of the stream, without its line ending. Returns the event a blank line completed (its parsed
     * data), or null: the proxy looks at it to leave out the usage chunk it asked for on the app's behalf.
     */
    public JsonNode line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith("data:")) {
            String value = line.substring(5);
            if (dataSeen) {
                data.append('\n');
            }
            data.append(value.startsWith(" ") ? value.substring(1) : value);
            dataSeen = true;
        }
        return null; // event:, id:, retry: and comments carry nothing usage needs
    }

    /** The end of the stream: an event not followed by a blank line still counts. */
    public void end() {
        dispatch();
    }

    /** What the stream has said of the call so far; null until an event carried usage. */
    public JsonNode document() {
        return document;
    }

    public long unreadable() {
        return unreadable;
    }

    private JsonNode dispatch() {
        if (!dataSeen) {
            return null;
        }
        String payload = data.toString();
        data.setLength(0);
        dataSeen = false;
        if (payload.equals("[DONE]")) {
            return null;
        }
        JsonNode event;
        try {
            event = MAPPER.readTree(payload);
        } catch (IOException | NumberFormatException e) { // a number Jackson cannot hold is as unreadable as bad JSON
            unreadable++;
            return null;
        }
        if (event == null || !event.isObject()) {
            unreadable++;
            return null;
        }
        take((ObjectNode) event);
        return event;
    }

    private void take(ObjectNode event) {
        String type = event.path("type").asText("");
        switch (type) {
            case "message_start" -> {
                if (event.path("message").isObject()) {
                    document = ((ObjectNode) event.get("message")).deepCopy();
                }
            }
            case "message_delta" -> {
                if (document != null && event.path("usage").isObject()) {
                    ObjectNode usage = document.path("usage").isObject() ? (ObjectNode) document.get("usage")
                            : document.putObject("usage");
                    for (Iterator<Map.Entry<String, JsonNode>> fields = event.get("usage").fields(); fields.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        if (!field.getValue().isNull()) {
                            usage.set(field.getKey(), field.getValue());
                        }
                    }
                }
            }
            case "response.completed", "response.incomplete", "response.failed" -> {
                if (event.path("response").isObject()) {
                    document = (ObjectNode) event.get("response");
                }
            }
            default -> {
                if (event.path("usage").isObject() || event.path("usageMetadata").isObject()) {
                    document = event;
                }
            }
        }
    }
}
