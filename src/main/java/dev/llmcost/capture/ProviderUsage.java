package dev.llmcost.capture;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Tokens;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads provider responses (or just their usage objects) into token counts, one call per JSON
 * document. The counting rule, so cached tokens are never counted twice:
 * <ul>
 * <li>OpenAI Chat Completions: {@code prompt_tokens} includes {@code prompt_tokens_details.cached_tokens},
 *     so input = prompt − cached and cache read = cached; {@code completion_tokens} includes reasoning.</li>
 * <li>OpenAI Responses: the same with {@code input_tokens}/{@code output_tokens} and their {@code *_details}.</li>
 * <li>Anthropic Messages: {@code input_tokens} excludes {@code cache_creation_input_tokens} and
 *     {@code cache_read_input_tokens}, which are taken as they are.</li>
 * <li>Gemini {@code usageMetadata}: {@code promptTokenCount} includes {@code cachedContentTokenCount};
 *     {@code thoughtsTokenCount} comes on top of {@code candidatesTokenCount}, so output = candidates + thoughts.</li>
 * <li>OpenRouter: OpenAI's shape plus {@code usage.cost} in USD, taken as the call's cost.</li>
 * </ul>
 */
public final class ProviderUsage {
    /** One call read from JSON; model, id, provider and cost may be null. */
    public record Call(String model, String id, String provider, Tokens tokens, BigDecimal costUsd, long line) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ProviderUsage() {
    }

    /**
     * Every JSON document in {@code input} (one per line, or one spread over many lines), or the one call a
     * saved event stream holds ({@link ProviderStream}: what a streamed response sends).
     */
    public static List<Call> read(Reader input, String source) {
        BufferedReader buffered = new BufferedReader(input, 1 << 16);
        if (startsAnEventStream(buffered, source)) {
            JsonNode document;
            try {
                document = ProviderStream.read(buffered);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw LlmcostException.usage(source + ": not valid UTF-8 text");
            } catch (IOException e) {
                throw new LlmcostException(LlmcostException.EXIT_RUNTIME, source + ": cannot read: " + e.getMessage());
            }
            if (document == null) {
                throw LlmcostException.usage(source + ": an event stream without usage (an OpenAI chat stream "
                        + "carries it only when the request set stream_options.include_usage)");
            }
            try {
                return List.of(parse(document, source, 1));
            } catch (NumberFormatException e) {
                throw LlmcostException.usage(source + ": a number is out of range: " + e.getMessage());
            }
        }
        List<Call> calls = new ArrayList<>();
        for (Document document : documents(buffered, source)) {
            try {
                calls.add(parse(document.json(), source + ":" + document.line(), document.line()));
            } catch (NumberFormatException e) {
                throw LlmcostException.usage(source + ": a number is out of range: " + e.getMessage());
            }
        }
        return calls;
    }

    /**
     * Whether the input, past leading blank space, starts like a server-sent event stream. Looks at a few
     * kilobytes at most (a single line may be gigabytes) and gives them back.
     */
    private static boolean startsAnEventStream(BufferedReader input, String source) {
        int limit = 8192;
        StringBuilder start = new StringBuilder();
        try {
            input.mark(limit);
            for (int c = input.read(), seen = 1; c >= 0 && seen < limit && start.length() < 16; c = input.read(), seen++) {
                if (!(start.isEmpty() && Character.isWhitespace(c))) {
                    start.append((char) c);
                }
            }
            input.reset();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw LlmcostException.usage(source + ": not valid UTF-8 text");
        } catch (IOException e) {
            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, source + ": cannot read: " + e.getMessage());
        }
        return ProviderStream.looksLikeStream(start.toString());
    }

    /** A JSON document and the line it starts on. */
    public record Document(JsonNode json, long line) {
    }

    /**
     * The JSON documents in {@code input}, read with the same strictness as provider usage (duplicate keys
     * refused, decimals exact); at least one, else a usage error naming {@code source}.
     */
    public static List<Document> documents(Reader input, String source) {
        List<Document> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> values = MAPPER.readerFor(JsonNode.class).readValues(input)) {
            while (values.hasNextValue()) {
                long line = values.getCurrentLocation().getLineNr();
                documents.add(new Document(values.nextValue(), line));
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw LlmcostException.usage(source + ":" + line + ": not valid JSON: " + e.getOriginalMessage());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw LlmcostException.usage(source + ": not valid UTF-8 text");
        } catch (IOException e) {
            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, source + ": cannot read: " + e.getMessage());
        } catch (NumberFormatException e) {
            throw LlmcostException.usage(source + ": a number is out of range: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException j) {
                long line = j.getLocation() == null ? 0 : j.getLocation().getLineNr();
                throw LlmcostException.usage(source + ":" + line + ": not valid JSON: " + j.getOriginalMessage());
            }
            throw e;
        }
        if (documents.isEmpty()) {
            throw LlmcostException.usage(source + ": no JSON document found");
        }
        return documents;
    }

    /** Whether {@code document} looks like a provider's response or usage rather than llmcost's own fields. */
    public static boolean looksLikeProviderJson(JsonNode document) {
        return document.has("usage") || document.has("usageMetadata") || document.has("response")
                || document.has("message") || document.has("prompt_tokens") || document.has("completion_tokens");
    }

    /** One provider document as one call; {@code where} prefixes messages. */
    public static Call parse(JsonNode document, String where, long line) {
        if (!document.isObject()) {
            throw LlmcostException.usage(where + ": expected a JSON object with a usage, got " + document.getNodeType());
        }
        JsonNode response = document;
        for (String wrapper : new String[] {"response", "message"}) {
            if (!response.has("usage") && response.path(wrapper).isObject()) {
                response = response.get(wrapper);
            }
        }
        String model = text(response, "model", where);
        if (model == null) {
            model = text(response, "modelVersion", where);
        }
        String id = text(response, "id", where);
        if (id == null) {
            id = text(response, "responseId", where);
        }
        if (response.path("usageMetadata").isObject()) {
            return new Call(model, id, "google", gemini(response.get("usageMetadata"), where + ": usageMetadata"),
                    null, line);
        }
        JsonNode usage = response.path("usage").isObject() ? response.get("usage") : response;
        String path = usage == response ? "" : "usage.";
        BigDecimal cost = null;
        String provider = null;
        if (usage.has("cost") && !usage.get("cost").isNull()) {
            cost = decimal(usage.get("cost"), where + ": " + path + "cost");
            provider = "openrouter";
        }
        Tokens tokens;
        if (usage.has("prompt_tokens") || usage.has("completion_tokens")) {
            tokens = openAi(usage, "prompt_tokens", "completion_tokens", "prompt_tokens_details",
                    "completion_tokens_details", where, path);
        } else if (usage.has("input_tokens_details") || usage.has("output_tokens_details")
                || usage.has("total_tokens") || "response".equals(response.path("object").asText())) {
            tokens = openAi(usage, "input_tokens", "output_tokens", "input_tokens_details",
                    "output_tokens_details", where, path);
        } else if (usage.has("input_tokens") || usage.has("output_tokens")) {
            long cacheWrite = count(usage, "cache_creation_input_tokens", where, path);
            // Anthropic splits cache writes by lifetime; 1-hour writes cost more than 5-minute ones
            long cacheWrite1h = count(usage.path("cache_creation"), "ephemeral_1h_input_tokens", where,
                    path + "cache_creation.");
            if (cacheWrite1h > cacheWrite) {
                throw LlmcostException.usage(where + ": " + path + "cache_creation.ephemeral_1h_input_tokens ("
                        + cacheWrite1h + ") exceeds " + path + "cache_creation_input_tokens (" + cacheWrite + ")");
            }
            tokens = new Tokens(count(usage, "input_tokens", where, path), count(usage, "output_tokens", where, path),
                    cacheWrite, count(usage, "cache_read_input_tokens", where, path), 0, cacheWrite1h);
            provider = provider == null ? "anthropic" : provider;
        } else {
            throw LlmcostException.usage(where + ": no token usage found (expected usage.prompt_tokens, "
                    + "usage.input_tokens or usageMetadata)");
        }
        return new Call(model, id, provider, tokens, cost, line);
    }

    private static Tokens openAi(JsonNode usage, String inputField, String outputField, String inputDetails,
                                 String outputDetails, String where, String path) {
        long input = count(usage, inputField, where, path);
        long output = count(usage, outputField, where, path);
        long cached = count(usage.path(inputDetails), "cached_tokens", where, path + inputDetails + ".");
        long reasoning = count(usage.path(outputDetails), "reasoning_tokens", where, path + outputDetails + ".");
        if (cached > input) {
            throw LlmcostException.usage(where + ": " + path + inputDetails + ".cached_tokens (" + cached
                    + ") exceeds " + path + inputField + " (" + input + ")");
        }
        if (reasoning > output) {
            throw LlmcostException.usage(where + ": " + path + outputDetails + ".reasoning_tokens (" + reasoning
                    + ") exceeds " + path + outputField + " (" + output + ")");
        }
        return new Tokens(input - cached, output, 0, cached, reasoning);
    }

    private static Tokens gemini(JsonNode usage, String where) {
        long prompt = count(usage, "promptTokenCount", where, "");
        long cached = count(usage, "cachedContentTokenCount", where, "");
        long candidates = count(usage, "candidatesTokenCount", where, "");
        long thoughts = count(usage, "thoughtsTokenCount", where, "");
        if (cached > prompt) {
            throw LlmcostException.usage(where + ": cachedContentTokenCount (" + cached
                    + ") exceeds promptTokenCount (" + prompt + ")");
        }
        return new Tokens(prompt - cached, Math.addExact(candidates, thoughts), 0, cached, thoughts);
    }

    private static long count(JsonNode node, String field, String where, String path) {
        try {
            return TokenCount.read(node.get(field), path + field);
        } catch (IllegalArgumentException e) {
            throw LlmcostException.usage(where + ": " + e.getMessage());
        }
    }

    private static BigDecimal decimal(JsonNode value, String where) {
        if (!value.isNumber() || value.decimalValue().signum() < 0
                || value.decimalValue().compareTo(BigDecimal.valueOf(1_000_000_000)) > 0) {
            throw LlmcostException.usage(where + " must be a non-negative number of USD, got " + value);
        }
        return value.decimalValue();
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw LlmcostException.usage(where + ": " + field + " must be a string, got " + value);
        }
        return value.asText();
    }
}
