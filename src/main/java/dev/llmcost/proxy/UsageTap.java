package dev.llmcost.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.ProviderStream;
import dev.llmcost.capture.ProviderUsage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Relays a response body to the client and reads a copy of it for the call's usage. The client's bytes
 * go first, each piece as it arrives; the reading never holds them back.
 */
abstract sealed class UsageTap {
    /** Relays {@code length} bytes of {@code buffer} to {@code client} and reads them. */
    abstract void pass(byte[] buffer, int length, OutputStream client) throws IOException;

    /** The body ended. */
    abstract void end(OutputStream client) throws IOException;

    /** The call's response document for {@link ProviderUsage#parse}, or null. */
    abstract JsonNode document();

    /** Events or bodies that could not be read. */
    abstract long unreadable();

    /**
     * A server-sent event stream, read line by line as it passes. When the proxy asked for the usage chunk
     * on the app's behalf, whole events are relayed (each as soon as its blank line arrives) and that chunk
     * is left out.
     */
    static final class Stream extends UsageTap {
        private final ProviderStream events = new ProviderStream();
        private final boolean leaveOutUsageChunk;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final ByteArrayOutputStream event = new ByteArrayOutputStream();

        Stream(boolean leaveOutUsageChunk) {
            this.leaveOutUsageChunk = leaveOutUsageChunk;
        }

        @Override
        void pass(byte[] buffer, int length, OutputStream client) throws IOException {
            if (!leaveOutUsageChunk) {
                client.write(buffer, 0, length);
                client.flush();
            }
            for (int i = 0; i < length; i++) {
                byte b = buffer[i];
                if (leaveOutUsageChunk) {
                    event.write(b);
                }
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                JsonNode completed = events.line(text);
                if (leaveOutUsageChunk && text.isEmpty()) {
                    if (!isUsageChunk(completed)) {
                        event.writeTo(client);
                        client.flush();
                    }
                    event.reset();
                }
            }
        }

        /** The chunk {@code stream_options.include_usage} adds: no choices, only usage. */
        private static boolean isUsageChunk(JsonNode event) {
            return event != null && event.path("choices").isArray() && event.path("choices").isEmpty()
                    && event.path("usage").isObject();
        }

        @Override
        void end(OutputStream client) throws IOException {
            if (line.size() > 0) {
                events.line(line.toString(StandardCharsets.UTF_8));
            }
            events.end();
            if (event.size() > 0) {
                event.writeTo(client);
            }
        }

        @Override
        JsonNode document() {
            return events.document();
        }

        @Override
        long unreadable() {
            return events.unreadable();
        }
    }

    /** Any other body: relayed as it comes, a copy (up to a limit) read when it ended. */
    static final class Copy extends UsageTap {
        private static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        private final int limit;
        private final String type;
        private final String encoding;
        private ByteArrayOutputStream copy = new ByteArrayOutputStream();
        private JsonNode document;
        private long unreadable;

        Copy(int limit, String type, String encoding) {
            this.limit = limit;
            this.type = type;
            this.encoding = encoding;
        }

        @Override
        void pass(byte[] buffer, int length, OutputStream client) throws IOException {
            client.write(buffer, 0, length);
            client.flush();
            if (copy != null && copy.size() + length > limit) {
                copy = null;
                unreadable++;
            } else if (copy != null) {
                copy.write(buffer, 0, length);
            }
        }

        @Override
        void end(OutputStream client) {
            if (copy == null || copy.size() == 0) {
                return;
            }
            try (InputStream body = decoded(new ByteArrayInputStream(copy.toByteArray()))) {
                if (body == null) {
                    return; // an encoding this reader does not know (br, zstd): relayed, not read
                }
                if (type.startsWith("text/event-stream")) {
                    document = ProviderStream.read(new InputStreamReader(body, StandardCharsets.UTF_8));
                    return;
                }
                JsonNode json = MAPPER.readTree(body);
                if (json != null && json.isObject() && ProviderUsage.looksLikeProviderJson(json)) {
                    document = json;
                }
            } catch (IOException e) {
                if (type.contains("json") || type.startsWith("text/event-stream")) {
                    unreadable++;
                }
            }
        }

        private InputStream decoded(InputStream raw) throws IOException {
            return switch (encoding.toLowerCase(java.util.Locale.ROOT)) {
                case "identity", "" -> raw;
                case "gzip", "x-gzip" -> new GZIPInputStream(raw);
                case "deflate" -> new InflaterInputStream(raw);
                default -> null;
            };
        }

        @Override
        JsonNode document() {
            return document;
        }

        @Override
        long unreadable() {
            return unreadable;
        }
    }
}
