package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * OpenClaw's sessions (once clawdbot, moltbot, moldbot): {@code ~/.openclaw/agents/AGENT/sessions/SESSION.jsonl},
 * pi-agent's entry format ({@link PiEntries}); docs/AGENTS.md "OpenClaw". The traps:
 * <ul>
 * <li>A session reset or deleted is renamed to {@code SESSION.jsonl.reset.TIME} / {@code .jsonl.deleted.TIME}
 *     and still read; it was read under its first name too, and a forked session copies its parent's entries
 *     (pi's session manager): keys are the entry's id and time, never the file name or session.</li>
 * <li>The model and provider of a message may be missing; then they are those of the latest
 *     {@code model_change} entry or {@code custom} entry of {@code customType: model-snapshot} (whose fields sit
 *     in {@code data}) before it, so earlier lines are replayed on a resumed read.</li>
 * <li>The message's own {@code timestamp} (milliseconds, or ISO text) dates the call, else the entry's; an entry
 *     with neither is dated by the file's modification time, as ccusage does.</li>
 * </ul>
 */
public final class OpenClawLog implements AgentLog {
    public static final String NAME = "openclaw";
    private static final byte[] USAGE = Bytes.ascii("\"usage\"");
    private static final byte[] MODEL_CHANGE = Bytes.ascii("\"model_change\"");
    private static final byte[] MODEL_SNAPSHOT = Bytes.ascii("\"model-snapshot\"");
    private static final byte[] SESSION = Bytes.ascii("\"session\"");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "OpenClaw";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Sessions are read from DIR/**/*.jsonl (and *.jsonl.reset.*, *.jsonl.deleted.*) for each --root,",
                "else each directory in $OPENCLAW_DIR (comma-separated), else ~/.openclaw, ~/.clawdbot,",
                "~/.moltbot and ~/.moldbot.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "OPENCLAW_DIR", () -> {
            List<Path> roots = new ArrayList<>();
            for (String dir : List.of(".openclaw", ".clawdbot", ".moltbot", ".moldbot")) {
                roots.add(Path.of(env.apply("HOME"), dir));
            }
            return roots;
        });
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path file : AgentLog.walk(root, OpenClawLog::isSession)) {
            if (!Files.isSymbolicLink(file)) {
                files.add(file);
            }
        }
        return files;
    }

    static boolean isSession(String name) {
        int at = name.indexOf(".jsonl");
        if (at < 0) {
            return false;
        }
        String suffix = name.substring(at);
        return suffix.equals(".jsonl") || suffix.startsWith(".jsonl.deleted.") || suffix.startsWith(".jsonl.reset.");
    }

    @Override
    public ReadMode mode() {
        return ReadMode.APPEND;
    }

    @Override
    public FileParser open(Path file) {
        return new Session(file);
    }

    private static final class Session implements FileParser {
        private final Path file;
        private final String session;
        private String project = NAME;
        private String model;
        private String provider;

        Session(Path file) {
            this.file = file;
            String name = file.getFileName().toString();
            int at = name.indexOf(".jsonl");
            session = at > 0 ? name.substring(0, at) : name;
        }

        @Override
        public boolean needsEarlierLines() {
            return true;
        }

        @Override
        public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) throws UnreadableLine {
            boolean usage = Bytes.contains(buf, off, len, USAGE);
            if (!usage && !Bytes.contains(buf, off, len, MODEL_CHANGE) && !Bytes.contains(buf, off, len, MODEL_SNAPSHOT)
                    && !Bytes.contains(buf, off, len, SESSION)) {
                return;
            }
            JsonNode entry = PiEntries.read(buf, off, len);
            if (entry == null) {
                return;
            }
            String type = PiEntries.text(entry, "type");
            if ("session".equals(type)) {
                String cwd = PiEntries.project(PiEntries.text(entry, "cwd"));
                project = cwd != null ? cwd : project;
            } else if ("model_change".equals(type)
                    || "custom".equals(type) && "model-snapshot".equals(PiEntries.text(entry, "customType"))) {
                JsonNode source = entry.path("data").isObject() ? entry.get("data") : entry;
                String changed = PiEntries.text(source, "modelId");
                changed = changed != null ? changed : PiEntries.text(source, "model");
                model = changed != null ? changed : model;
                String by = PiEntries.text(source, "provider");
                provider = by != null ? by : provider;
            } else if ("message".equals(type) && usage) {
                call(entry, out);
            }
        }

        private void call(JsonNode entry, Consumer<AgentCall> out) throws UnreadableLine {
            JsonNode message = entry.path("message");
            if (!"assistant".equals(message.path("role").asText()) || !message.path("usage").isObject()) {
                return;
            }
            Tokens tokens = PiEntries.tokens(message.get("usage"));
            if (tokens == null) {
                return;
            }
            JsonNode stamp = message.has("timestamp") ? message.get("timestamp") : entry.get("timestamp");
            Instant at = time(stamp);
            String used = PiEntries.text(message, "modelId");
            used = used != null ? used : PiEntries.text(message, "model");
            used = used != null ? used : model != null ? model : "unknown";
            String by = PiEntries.text(message, "provider");
            String id = PiEntries.text(entry, "id");
            String when = stamp != null && !stamp.isNull() ? stamp.asText() : session;
            String key = NAME + ":" + (id != null ? id + ":" + when : session + ":" + when + ":" + used + ":"
                    + tokens.input() + ":" + tokens.output() + ":" + tokens.cacheWrite() + ":" + tokens.cacheRead());
            out.accept(new AgentCall(key, at, PiEntries.provider(by != null ? by : provider, used), used, tokens,
                    PiEntries.cost(message.get("usage")), session, project, Map.of()));
        }

        private Instant time(JsonNode value) throws UnreadableLine {
            try {
                if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
                    return Instant.ofEpochMilli(value.asLong());
                }
                if (value != null && value.isTextual()) {
                    try {
                        return Timestamps.parse(value.asText());
                    } catch (DateTimeException e) {
                        // unreadable: the file's time, as ccusage
                    }
                }
                return Files.getLastModifiedTime(file).toInstant();
            } catch (IOException e) {
                throw new UnreadableLine("no readable timestamp");
            }
        }
    }
}
