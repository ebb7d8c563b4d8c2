package dev.llmcost.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One proxied response, as it is handed to the recorder: when it ended, the provider of its upstream (null
 * for one the proxy does not know), the model the request named, the response document that holds its
 * usage (null when none was found: then {@code unreadable} says why) and the fields its request headers set.
 */
public record Capture(Instant at, String provider, String requestModel, JsonNode document, long unreadable,
                      Fields fields) {

    /**
     * {@code X-Llmcost-Project}, {@code X-Llmcost-User}, {@code X-Llmcost-Tag: k=v} (repeatable); null when
     * absent. A tag that is not {@code k=v} is kept in {@code refusedTags}, for a warning, not in {@code tags}.
     */
    public record Fields(String project, String user, Map<String, String> tags, List<String> refusedTags) {
        static final Fields NONE = new Fields(null, null, Map.of(), List.of());

        static Fields of(Headers headers) {
            Map<String, String> tags = new LinkedHashMap<>();
            List<String> refused = new ArrayList<>();
            for (String tag : headers.getOrDefault("X-Llmcost-Tag", List.of())) {
                int equals = tag.indexOf('=');
                if (equals <= 0 || equals == tag.length() - 1) {
                    refused.add(tag);
                } else {
                    tags.put(tag.substring(0, equals).trim(), tag.substring(equals + 1).trim());
                }
            }
            return new Fields(headers.getFirst("X-Llmcost-Project"), headers.getFirst("X-Llmcost-User"), tags, refused);
        }
    }
}
