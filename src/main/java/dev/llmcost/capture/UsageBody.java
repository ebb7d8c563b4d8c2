package dev.llmcost.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.model.LlmcostException;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/usage}: one call, a JSON array of calls, or one call per line. A call is either record's flags
 * as snake_case fields ({@code {"model": "gpt-4o", "input_tokens": 900, "project": "web", "tags": {…}}},
 * with {@code "json": {…}} for a provider's response, as {@code --json}), or a provider's response or usage
 * JSON as it came. The query's {@link #DEFAULTS} fill what a call leaves out.
 */
public final class UsageBody {
    /** Query parameters that apply to every call of the body that does not name its own. */
    public static final Set<String> DEFAULTS = Set.of("project", "user", "session", "agent", "task", "run", "request_type");

    /** One call: its fields, and for provider JSON the call read from it. */
    public record Item(CallRequest request, List<ProviderUsage.Call> calls) {
    }

    private UsageBody() {
    }

    public static List<Item> read(byte[] body, Map<String, String> query) {
        for (String name : query.keySet()) {
            if (!DEFAULTS.contains(name)) {
                throw LlmcostException.usage("unknown parameter '" + name + "' (POST takes " + String.join(", ",
                        DEFAULTS.stream().sorted().toList()) + ")");
            }
        }
        Reader reader = new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        // a top-level array is read as its elements, one document each, and so is one document per line
        List<ProviderUsage.Document> documents = ProviderUsage.documents(reader, "body");
        List<Item> items = new ArrayList<>();
        try {
            for (int i = 0; i < documents.size(); i++) {
                items.add(item(documents.get(i).json(), documents.size() == 1 ? "" : "[" + i + "].", query));
            }
        } catch (NumberFormatException e) {
            throw LlmcostException.usage("body: a number is out of range: " + e.getMessage());
        }
        return items;
    }

    private static Item item(JsonNode call, String prefix, Map<String, String> query) {
        CallRequest r = new CallRequest();
        r.name = flag -> prefix + (flag.equals("--tag") ? "tags" : flag.replaceFirst("^--", "").replace('-', '_'));
        String where = prefix.isEmpty() ? "body" : "body" + prefix.substring(0, prefix.length() - 1);
        if (!call.isObject()) {
            throw LlmcostException.usage(where + ": expected a JSON object (a call), got " + call.getNodeType());
        }
        List<ProviderUsage.Call> calls = null;
        if (ProviderUsage.looksLikeProviderJson(call)) {
            calls = List.of(ProviderUsage.parse(call, where, 1));
            r.jsonSource = where;
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> fields = call.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue;
                }
                String name = prefix + field.getKey();
                switch (field.getKey()) {
                    case "model" -> r.model = text(value, name);
                    case "provider" -> r.provider = text(value, name);
                    case "project" -> r.project = text(value, name);
                    case "input_tokens" -> r.inputTokens = whole(value, name);
                    case "output_tokens" -> r.outputTokens = whole(value, name);
                    case "cache_write_tokens" -> r.cacheWriteTokens = whole(value, name);
                    case "cache_write_1h_tokens" -> r.cacheWrite1hTokens = whole(value, name);
                    case "cache_read_tokens" -> r.cacheReadTokens = whole(value, name);
                    case "reasoning_tokens" -> r.reasoningTokens = whole(value, name);
                    case "cost" -> r.cost = value.isNumber() ? value.decimalValue().toPlainString() : text(value, name);
                    case "user" -> r.user = text(value, name);
                    case "session" -> r.session = text(value, name);
                    case "agent" -> r.agent = text(value, name);
                    case "task" -> r.task = text(value, name);
                    case "run" -> r.run = text(value, name);
                    case "request_type" -> r.requestType = text(value, name);
                    case "duration_ms" -> r.durationMs = whole(value, name);
                    case "at" -> r.at = text(value, name);
                    case "id" -> r.id = text(value, name);
                    case "tags" -> tags(value, name, r);
                    case "json" -> {
                        calls = List.of(ProviderUsage.parse(value, name, 1));
                        r.jsonSource = name;
                    }
                    default -> throw LlmcostException.usage(name + ": unknown field (record's flags in snake_case: "
                            + "model, input_tokens, output_tokens, cost, project, id, tags, json …)");
                }
            }
        }
        r.project = r.project != null ? r.project : query.get("project");
        r.user = r.user != null ? r.user : query.get("user");
        r.session = r.session != null ? r.session : query.get("session");
        r.agent = r.agent != null ? r.agent : query.get("agent");
        r.task = r.task != null ? r.task : query.get("task");
        r.run = r.run != null ? r.run : query.get("run");
        r.requestType = r.requestType != null ? r.requestType : query.get("request_type");
        return new Item(r, calls);
    }

    private static void tags(JsonNode value, String name, CallRequest r) {
        if (!value.isObject()) {
            throw LlmcostException.usage(name + ": expected an object of text values, got " + value.getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> tags = value.fields(); tags.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = tags.next();
            r.tags.put(tag.getKey(), text(tag.getValue(), name + "." + tag.getKey()));
        }
    }

    private static String text(JsonNode value, String name) {
        if (!value.isTextual()) {
            throw LlmcostException.usage(name + ": must be a string, got " + value.getNodeType().toString()
                    .toLowerCase(Locale.ROOT));
        }
        return value.asText();
    }

    private static Long whole(JsonNode value, String name) {
        if (!value.isIntegralNumber()) {
            throw LlmcostException.usage(name + ": must be a whole number, got " + value);
        }
        if (!value.canConvertToLong()) {
            throw LlmcostException.usage(name + ": " + value + " is out of range");
        }
        return value.asLong();
    }
}
