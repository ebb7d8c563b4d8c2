package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a Codebuff data directory ({@code ~/.config/manicode}), deterministic from a seed:
 * {@code projects/<project>/chats/<chat id>/chat-messages.json}, one JSON array per chat rewritten whole, with
 * usage in each place Codebuff has put it ({@code metadata.usage} with the AI SDK's names, {@code metadata.codebuff.usage}
 * with Anthropic's, only the run state's message history, OpenAI's {@code prompt_tokens}/{@code completion_tokens}
 * with {@code prompt_tokens_details.cached_tokens} and a total above the parts), and the traps: user messages, an
 * assistant message with usage all zero, one with credits and no tokens, one recorded twice under the same id,
 * messages without an id or a time (the chat id's time), times as text, epoch seconds and milliseconds, an
 * unknown model, a chat file cut off mid-rewrite. Knows its own totals; {@link #appendCall} adds one call.
 */
public final class CodebuffFixture {
    /** Per UTC day: calls, input, output (total's surplus included), cache write, cache read. */
    public final Map<String, long[]> byDay = new TreeMap<>();
    public long calls;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODELS = {"anthropic/claude-sonnet-4.5", "claude-sonnet-4-5-20250929", "gpt-5",
            "gemini-2.5-pro", "codebuff-experimental-x"};

    private final Path root;
    private final Random random;
    private final Map<Path, ArrayNode> chats = new LinkedHashMap<>();
    private int counter;

    public CodebuffFixture(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    /** The data directory (a channel, e.g. {@code manicode}) holding {@code projects/}. */
    public Path root() {
        return root;
    }

    /** Writes the tree; returns a chat the tests add a call to. */
    public Path write() throws IOException {
        String[] projects = {"web-shop", "api"};
        Path first = null;
        for (int c = 0; c < 6; c++) {
            int day = 2 + c * 4;
            String chatId = String.format("2026-11-%02dT%02d-%02d-%02d.%03dZ", day, 8 + c, random.nextInt(60),
                    random.nextInt(60), random.nextInt(1000));
            Path file = root.resolve("projects").resolve(projects[c % 2]).resolve("chats").resolve(chatId).resolve("chat-messages.json");
            ArrayNode messages = JSON.createArrayNode();
            chats.put(file, messages);
            for (int turn = 0; turn < 6; turn++) {
                messages.addObject().put("variant", "user").put("content", "do it " + counter++).put("id", "u-" + counter)
                        .put("timestamp", iso(day, turn));
                assistant(messages, day + turn % 2, turn, c);
            }
            if (c == 1) {
                messages.add(messages.get(3).deepCopy()); // the same message recorded twice
            }
            save(file);
            first = first == null ? file : first;
        }
        Path torn = root.resolve("projects/api/chats/2026-11-27T10-00-00.000Z/chat-messages.json");
        Files.createDirectories(torn.getParent());
        Files.writeString(torn, "[{\"variant\":\"user\",\"content\":\"hi\"},{\"variant\":\"ai\",\"metadata\":{\"model\":\"gpt-5\",\"us");
        return first;
    }

    /** Adds one assistant call at {@code time} to a chat, rewriting it whole as Codebuff does. */
    public void appendCall(Path file, Instant time) throws IOException {
        ArrayNode messages = chats.get(file);
        long input = 1 + random.nextInt(900);
        long output = 1 + random.nextInt(900);
        long read = random.nextInt(9000);
        ObjectNode message = messages.addObject().put("variant", "ai").put("id", "ai-appended-" + counter++)
                .put("timestamp", time.toString());
        message.putObject("metadata").put("model", MODELS[0]).putObject("usage")
                .put("inputTokens", input).put("outputTokens", output).put("cacheReadInputTokens", read);
        add(time.toString(), input, output, 0, read);
        save(file);
    }

    private void assistant(ArrayNode messages, int day, int turn, int chat) {
        long input = 1 + random.nextInt(5000);
        long output = 1 + random.nextInt(4000);
        long write = random.nextInt(20000);
        long read = random.nextInt(90000);
        String model = MODELS[(turn + chat) % MODELS.length];
        ObjectNode message = messages.addObject().put("variant", "ai").put("content", "done " + counter++);
        String time = iso(day, turn);
        switch (turn) {
            case 0 -> {
                message.put("id", "ai-" + counter).put("timestamp", time).put("credits", 12.5);
                message.putObject("metadata").put("model", model).putObject("usage").put("inputTokens", input)
                        .put("outputTokens", output).put("cacheCreationInputTokens", write).put("cacheReadInputTokens", read)
                        .put("totalTokens", input + output + write + read);
            }
            case 1 -> {
                message.put("id", "ai-" + counter).put("timestamp", Instant.parse(time).toEpochMilli());
                message.putObject("metadata").put("model", model).putObject("codebuff").putObject("usage")
                        .put("input_tokens", input).put("output_tokens", output)
                        .put("cache_creation_input_tokens", write).put("cache_read_input_tokens", read);
            }
            case 2 -> {
                // only in the run state's history; the newest assistant entry first, older ones fill what it lacks
                message.put("id", "ai-" + counter).put("createdAt", Instant.parse(time).getEpochSecond());
                time = Instant.ofEpochSecond(Instant.parse(time).getEpochSecond()).toString();
                ArrayNode history = message.putObject("metadata").putObject("runState").putObject("sessionState")
                        .putObject("mainAgentState").putArray("messageHistory");
                history.addObject().put("role", "assistant").putObject("providerOptions").putObject("usage")
                        .put("cacheCreationInputTokens", write);
                history.addObject().put("role", "user").put("content", "more");
                ObjectNode options = history.addObject().put("role", "assistant").putObject("providerOptions");
                options.putObject("codebuff").put("model", model).putObject("usage").put("promptTokens", input)
                        .put("completionTokens", output).put("cacheReadInputTokens", read);
            }
            case 3 -> {
                // OpenAI's names, a total above the parts, no id and no time: the chat id's time
                message.putObject("metadata").put("model", model).putObject("usage").put("prompt_tokens", input)
                        .put("completion_tokens", output).put("total_tokens", input + output + read + 40)
                        .putObject("prompt_tokens_details").put("cached_tokens", read);
                write = 0;
                output += 40;
                time = null;
            }
            case 4 -> {
                message.put("id", "ai-" + counter).put("timestamp", time).put("credits", 3.0);
                message.putObject("metadata").put("model", model).putObject("usage").put("inputTokens", 0)
                        .put("outputTokens", 0); // credits only: ccusage lists it with no tokens, llmcost has no call
                return;
            }
            default -> {
                message.put("id", "ai-" + counter).put("timestamp", time);
                message.putObject("metadata").put("model", model).putObject("usage").put("inputTokens", 0);
                ObjectNode ok = messages.addObject().put("variant", "ai").put("id", "ai-ok-" + counter).put("timestamp", time);
                ok.putObject("metadata").putObject("usage").put("model", model).put("inputTokens", input)
                        .put("outputTokens", output).put("cacheReadInputTokens", read);
                write = 0;
            }
        }
        if (time == null) {
            String chatId = null;
            for (Map.Entry<Path, ArrayNode> e : chats.entrySet()) {
                if (e.getValue() == messages) {
                    chatId = e.getKey().getParent().getFileName().toString();
                }
            }
            time = chatId.substring(0, 11) + chatId.substring(11).replaceFirst("-", ":").replaceFirst("-", ":");
        }
        add(time, input, output, write, read);
    }

    private String iso(int day, int turn) {
        return String.format("2026-11-%02dT%02d:%02d:%02d.%03dZ", day, 8 + turn, random.nextInt(60), random.nextInt(60),
                random.nextInt(1000));
    }

    private void add(String time, long input, long output, long write, long read) {
        long[] row = byDay.computeIfAbsent(time.substring(0, 10), d -> new long[5]);
        row[0]++;
        row[1] += input;
        row[2] += output;
        row[3] += write;
        row[4] += read;
        calls++;
    }

    private void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(chats.get(file)));
    }
}
