package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.capture.TokenCount;
import dev.llmcost.model.Tokens;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Factory's Droid: {@code $DROID_SESSIONS_DIR/**}{@code /<session id>.settings.json} ({@code DROID_SESSIONS_DIR}
 * comma-separated, default {@code ~/.factory/sessions}; sessions sit in one directory per project, named after its
 * path with {@code /} turned into {@code -}), beside the session's messages {@code <session id>.jsonl}, which hold
 * no usage. A settings file is rewritten whole after each turn, and its {@code tokenUsage.{inputTokens,
 * outputTokens, cacheCreationTokens, cacheReadTokens, thinkingTokens}} are the session's <em>running totals</em>:
 * there are no per-call figures anywhere. So a session is one call, and it is taken once its settings file has
 * not changed for {@link #QUIET} (until then the file is read again on every run and nothing is stored: the first
 * key stored would keep figures that are still growing). {@code model} (e.g. {@code Claude-Sonnet-4-[Anthropic]},
 * {@code custom:…}), else the first {@code Model: …} in the messages file; {@code providerLock} (the provider);
 * {@code providerLockTimestamp} (the call's time, else the file's modification time, as ccusage).
 * Thinking tokens are beside output (ccusage prices them on top of it): output = output + thinking, reasoning =
 * thinking. {@code totalTokens} above the parts is output (ccusage's fallback). Key: {@code droid:<session id>},
 * so a copy of the session under another root counts once.
 */
public final class DroidLog implements AgentLog {
    public static final String NAME = "droid";
    static final Duration QUIET = Duration.ofHours(1);
    private static final String SUFFIX = ".settings.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Droid";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Sessions are read from DIR/**/*.settings.json for each --root, else each directory in",
                "$DROID_SESSIONS_DIR (comma-separated), else ~/.factory/sessions. A session's figures are running",
                "totals: it is counted once its settings file has not changed for an hour. Droid has no command hook.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "DROID_SESSIONS_DIR", () -> List.of(Path.of(env.apply("HOME"), ".factory", "sessions")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        return AgentLog.walk(root, name -> name.endsWith(SUFFIX) && name.length() > SUFFIX.length());
    }

    @Override
    public ReadMode mode() {
        return ReadMode.WHOLE;
    }

    @Override
    public FileParser open(Path file) {
        return new FileParser() {
            private boolean running;

            @Override
            public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) {
                throw new UnsupportedOperationException("Droid settings are read whole");
            }

            @Override
            public boolean readAgain() {
                return running;
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                Instant modified = Files.getLastModifiedTime(path).toInstant();
                if (modified.isAfter(Instant.now().minus(QUIET))) {
                    running = true; // the session may still be running: its totals are not final yet
                    return;
                }
                byte[] bytes = Files.readAllBytes(path);
                JsonNode settings;
                try {
                    settings = JSON.readTree(bytes);
                } catch (IOException | NumberFormatException e) {
                    throw new UnreadableLine("not valid JSON");
                }
                if (settings != null) {
                    JsonNode usage = settings.get("tokenUsage");
                    if (usage != null && usage.isObject()) {
                        call(path, settings, usage, modified).ifPresent(out);
                    }
                }
            }
        };
    }

    static Optional<AgentCall> call(Path path, JsonNode settings, JsonNode usage, Instant modified)
            throws UnreadableLine {
        Tokens tokens;
        try {
            tokens = tokens(usage);
        } catch (IllegalArgumentException e) {
            throw new UnreadableLine(e.getMessage());
        }
        if (tokens.total() == 0) {
            return Optional.empty();
        }
        String name = path.getFileName().toString();
        String session = name.substring(0, name.length() - SUFFIX.length());
        String provider = provider(text(settings, "providerLock"));
        String model = text(settings, "model") != null ? model(text(settings, "model")) : modelFromMessages(path, session);
        if (model == null || model.isEmpty()) {
            model = switch (provider == null ? "" : provider) {
                case "anthropic" -> "claude-unknown";
                case "openai" -> "gpt-unknown";
                case "google" -> "gemini-unknown";
                case "x-ai" -> "grok-unknown";
                default -> "unknown";
            };
        }
        Instant at = modified;
        String lock = text(settings, "providerLockTimestamp");
        if (lock != null) {
            try {
                at = Timestamps.parse(lock);
            } catch (DateTimeException e) {
                at = modified;
            }
        }
        return Optional.of(new AgentCall(NAME + ":" + session, at, provider, model, tokens, null, session,
                project(path), null));
    }

    /** Thinking is beside output; what {@code totalTokens} holds beyond every part is output too. */
    static Tokens tokens(JsonNode usage) {
        long input = count(usage, "inputTokens");
        long output = count(usage, "outputTokens");
        long write = count(usage, "cacheCreationTokens");
        long read = count(usage, "cacheReadTokens");
        long thinking = count(usage, "thinkingTokens");
        long surplus = Math.max(0, count(usage, "totalTokens") - input - output - write - read - thinking);
        return new Tokens(input, output + thinking + surplus, write, read, thinking);
    }

    /**
     * Droid's display name made a model id, as ccusage does except that dots stay (they are part of the ids the
     * price table knows): {@code custom:} and {@code [bracketed]} parts dropped, lower case, spaces to dashes.
     */
    static String model(String raw) {
        String name = raw.startsWith("custom:") ? raw.substring(7) : raw;
        StringBuilder kept = new StringBuilder();
        int depth = 0;
        for (char c : name.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                kept.append(Character.isWhitespace(c) ? '-' : c);
            }
        }
        return kept.toString().toLowerCase(Locale.ROOT).replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
    }

    /** The model named in the first 500 lines of the session's messages ({@code "Model: Claude Opus 4.5 [Anthropic]"}). */
    private static String modelFromMessages(Path settings, String session) {
        Path messages = settings.resolveSibling(session + ".jsonl");
        if (!Files.isRegularFile(messages)) {
            return null;
        }
        try (BufferedReader reader = Files.newBufferedReader(messages, StandardCharsets.UTF_8)) {
            String line;
            for (int n = 0; n < 500 && (line = reader.readLine()) != null; n++) {
                int at = line.indexOf("Model:");
                if (at < 0) {
                    continue;
                }
                String tail = line.substring(at + 6);
                int end = tail.length();
                for (char stop : new char[] {'"', '\\', '['}) {
                    int i = tail.indexOf(stop);
                    end = i >= 0 ? Math.min(end, i) : end;
                }
                String found = model(tail.substring(0, end).trim());
                if (!found.isEmpty()) {
                    return found;
                }
            }
        } catch (IOException e) {
            return null; // the messages only name the model: the settings alone still make the call
        }
        return null;
    }

    private static String provider(String lock) {
        if (lock == null) {
            return null;
        }
        return switch (lock.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "claude", "anthropic" -> "anthropic";
            case "openai" -> "openai";
            case "google", "google_ai", "gemini", "vertex", "vertex_ai" -> "google";
            case "xai", "x_ai", "grok" -> "x-ai";
            default -> null; // a gateway (fireworks, generic-chat-completion-api …): the model names the provider
        };
    }

    /** The session's directory, named after the project's path ({@code -home-dev-api}), else "droid". */
    private static String project(Path settings) {
        Path parent = settings.getParent();
        String dir = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
        return dir.startsWith("-") && dir.length() > 1 ? dir.substring(1) : NAME;
    }

    private static long count(JsonNode node, String field) {
        return TokenCount.readAddable(node.get(field), "tokenUsage." + field);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }
}
