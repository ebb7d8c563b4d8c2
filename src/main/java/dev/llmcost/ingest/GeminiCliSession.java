package dev.llmcost.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one Gemini CLI chat file ({@code ~/.gemini/tmp/PROJECT/chats/session-*.jsonl}, the older
 * {@code session-*.json}, and subagents' {@code chats/PARENT/SESSION.jsonl}) into calls. Format notes
 * and the traps are in docs/AGENTS.md ("Gemini CLI"); the short of it:
 * <ul>
 * <li>JSONL: a metadata line ({@code sessionId}, {@code startTime}), then message records. A {@code gemini}
 *     message is appended again whenever it changes (its tokens arrive, tool calls are added), so the same
 *     {@code id} appears on several lines: the last one with tokens is the call. {@code $set} and
 *     {@code $rewindTo} lines change the conversation, not what was billed, and are skipped.</li>
 * <li>JSON (before JSONL): one {@code ConversationRecord} rewritten whole, with a {@code messages} array.
 *     Resuming such a session copies every message into a new {@code .jsonl}: the key
 *     {@code sessionId:messageId} counts them once.</li>
 * <li>Tokens ({@code TokensSummary}): {@code input} = promptTokenCount (cached tokens included),
 *     {@code output} = candidatesTokenCount, {@code cached}, {@code thoughts}, {@code tool} =
 *     toolUsePromptTokenCount, {@code total} = totalTokenCount.</li>
 * </ul>
 */
public final class GeminiCliSession {
    /** One Gemini API call found in a chat file. */
    public record Call(String key, Instant at, String model, Tokens tokens, String session) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    /** Times past year 9999 would not sort as text in the database. */
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    private GeminiCliSession() {
    }

    /** Every call in a chat file's bytes; {@code jsonl} tells the two formats apart (by file name). */
    public static List<Call> parse(byte[] content, boolean jsonl, String fallbackSession) throws UnreadableFile {
        return jsonl ? parseJsonl(content, fallbackSession) : parseJson(content, fallbackSession);
    }

    /** A chat file that is not JSON at all, or whose token fields are broken. */
    public static final class UnreadableFile extends Exception {
        public UnreadableFile(String message) {
            super(message, null, false, false);
        }
    }

    static List<Call> parseJsonl(byte[] content, String fallbackSession) throws UnreadableFile {
        String session = fallbackSession;
        Instant sessionStart = null;
        String currentModel = null;
        Map<String, Call> byId = new LinkedHashMap<>();
        List<Call> withoutId = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        int readable = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i < content.length && content[i] != '\n') {
                continue;
            }
            int length = i - start;
            int from = start;
            start = i + 1;
            lineNumber++;
            if (length == 0 || (length == 1 && content[from] == '\r')) {
                continue;
            }
            JsonNode record;
            try {
                record = MAPPER.readTree(content, from, length);
            } catch (IOException | NumberFormatException e) {
                // an unfinished last line (the agent is writing it) or a torn line: the rest still counts
                continue;
            }
            if (record == null || !record.isObject()) {
                continue;
            }
            readable++;
            String id = text(record, "sessionId");
            if (id != null && !"gemini".equals(text(record, "type"))) {
                session = id;
                Instant started = instant(record, "startTime");
                sessionStart = started != null ? started : sessionStart;
            }
            String model = text(record, "model");
            if (model != null) {
                currentModel = model;
            }
            if (!"gemini".equals(text(record, "type"))) {
                continue;
            }
            Call call = call(record, currentModel, session, sessionStart, "line " + lineNumber);
            if (call == null) {
                continue;
            }
            String messageId = text(record, "id");
            if (messageId != null) {
                byId.put(messageId, call); // a later copy of the message replaces the earlier one
            } else {
                withoutId.add(call);
            }
        }
        if (readable == 0 && content.length > 0 && lineNumber > 1) {
            throw new UnreadableFile("no line is valid JSON");
        }
        List<Call> calls = new ArrayList<>(byId.values());
        calls.addAll(withoutId);
        return calls;
    }

    static List<Call> parseJson(byte[] content, String fallbackSession) throws UnreadableFile {
        JsonNode record;
        try {
            record = MAPPER.readTree(content);
        } catch (IOException | NumberFormatException e) {
            throw new UnreadableFile("not valid JSON");
        }
        List<Call> calls = new ArrayList<>();
        if (record == null || !record.isObject() || !record.path("messages").isArray()) {
            return calls; // not a conversation (a checkpoint, a log): nothing billed here
        }
        String session = text(record, "sessionId");
        session = session != null ? session : fallbackSession;
        Instant start = instant(record, "startTime");
        Map<String, Call> byId = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode message : record.get("messages")) {
            index++;
            if (!message.isObject() || !"gemini".equals(text(message, "type"))) {
                continue;
            }
            Call call = call(message, null, session, start, "message " + index);
            if (call != null) {
                String id = text(message, "id");
                byId.put(id != null ? id : "#" + index, call);
            }
        }
        calls.addAll(byId.values());
        return calls;
    }

    /** The call of one {@code gemini} message, or null when it has no usage (yet) or no model. */
    private static Call call(JsonNode message, String modelHint, String session, Instant sessionStart, String where)
            throws UnreadableFile {
        JsonNode tokens = message.get("tokens");
        if (tokens == null || !tokens.isObject()) {
            return null; // written before its usage arrived; a later copy carries it
        }
        String model = text(message, "model");
        model = model != null ? model : modelHint;
        if (model == null) {
            return null;
        }
        Tokens counted;
        try {
            counted = tokens(tokens);
        } catch (IllegalArgumentException e) {
            throw new UnreadableFile(where + ": " + e.getMessage());
        }
        if (counted.total() == 0) {
            return null;
        }
        Instant at = instant(message, "timestamp");
        at = at != null ? at : sessionStart;
        if (at == null) {
            throw new UnreadableFile(where + ": no readable timestamp");
        }
        String id = text(message, "id");
        String key = "gemini-cli:" + session + ":" + (id != null ? id : at.toEpochMilli() + ":" + model);
        return new Call(key, at, model, counted, session);
    }

    /**
     * Gemini's usage in llmcost's split. promptTokenCount includes the cached tokens and totalTokenCount is
     * prompt + candidates + thoughts + tool-use prompt; when {@code total} says the cached tokens were counted
     * on top of {@code input} instead (a total that only adds up that way), they are not subtracted. Thoughts
     * are output tokens (billed as output), shown apart as reasoning; the tool-use prompt is input. Tokens
     * that {@code total} has beyond the parts are output, as ccusage counts them.
     */
    static Tokens tokens(JsonNode tokens) {
        long input = count(tokens, "input");
        long candidates = count(tokens, "output");
        long cached = count(tokens, "cached");
        long thoughts = count(tokens, "thoughts");
        long tool = count(tokens, "tool");
        JsonNode totalNode = tokens.get("total");
        Long total = totalNode == null || totalNode.isNull() ? null : count(tokens, "total");
        return split(input, candidates, cached, thoughts, tool, total);
    }

    /**
     * The split above from Gemini's counts: prompt (cached included unless {@code total} says otherwise),
     * candidates, cached, thoughts, tool-use prompt and the total when there is one (else null). Gemini CLI's
     * telemetry carries the same counts, so the OTLP receiver reads them with this too.
     */
    public static Tokens split(long input, long candidates, long cached, long thoughts, long tool, Long total) {
        long inclusive = input + candidates + thoughts + tool;
        boolean cachedInsideInput = cached > 0 && total != null && total == inclusive && total != inclusive + cached;
        long uncached = cachedInsideInput ? input - Math.min(input, cached) : input;
        long promptSide = Math.addExact(uncached, tool);
        long output = Math.addExact(candidates, thoughts);
        if (total != null) {
            output = Math.max(output, total - promptSide - cached);
        }
        return new Tokens(promptSide, output, 0, cached, Math.min(thoughts, output));
    }

    private static long count(JsonNode node, String field) {
        return TokenCount.readAddable(node.get(field), "tokens." + field);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        return value.asText().trim();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            Instant at = Instant.parse(value);
            return at.isBefore(Instant.EPOCH) || at.isAfter(LAST) ? null : at;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
