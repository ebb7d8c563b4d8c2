package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.model.Tokens;
import dev.llmcost.store.OpenClawDatabase;

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
 * and in newer OpenClaw the rows of {@code transcript_events} in {@code agents/AGENT/agent/openclaw-agent.sqlite}
 * (read read-only, by {@link OpenClawDatabase}); both hold pi-agent's entries ({@link PiEntries}); docs/AGENTS.md
 * "OpenClaw". Read whole when they change (a database cannot be read from an offset, and an agent has one way
 * of reading); keys keep a call once however often its file is read. The traps:
 * <ul>
 * <li>A session reset or deleted is renamed to {@code SESSION.jsonl.reset.TIME} / {@code .jsonl.deleted.TIME}
 *     and still read; it was read under its first name too, and a forked session copies its parent's entries
 *     (pi's session manager): keys are the entry's id and time, never the file name or session.</li>
 * <li>The model and provider of a message may be missing; then they are those of the latest
 *     {@code model_change} entry or {@code custom} entry of {@code customType: model-snapshot} (whose fields sit
 *     in {@code data}) before it, so earlier lines are replayed on a resumed read.</li>
 * <li>The message's own {@code timestamp} (milliseconds, or ISO text) dates the call, else the entry's; an entry
 *     with neither is dated by the row's {@code created_at}, or the file's modification time, as ccusage does.</li>
 * </ul>
 */
public final class OpenClawLog implements AgentLog {
    public static final String NAME = "openclaw";
    private static final String DATABASE = "openclaw-agent.sqlite";
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
                "Sessions are read from DIR/**/*.jsonl (and *.jsonl.reset.*, *.jsonl.deleted.*) and",
                "DIR/agents/*/agent/openclaw-agent.sqlite for each --root,",
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
        for (Path file : AgentLog.walk(root, name -> isSession(name) || name.startsWith(DATABASE))) {
            String name = file.getFileName().toString();
            if (name.startsWith(DATABASE) && !(name.equals(DATABASE) || name.equals(DATABASE + "-wal"))) {
                continue;
            }
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
        return ReadMode.WHOLE;
    }

    @Override
    public FileParser open(Path file) {
        return new Session(file);
    }

    /** One transcript's state: its session, project and the model and provider of the latest model change. */
    private static final class Session implements FileParser {
        private final Path file;
        private String session;
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
        public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) {
            throw new UnsupportedOperationException("OpenClaw's transcripts are read whole");
        }

        @Override
        public void whole(Path path, Consumer<AgentCall> out) throws IOException, UnreadableLine {
            String name = path.getFileName().toString();
            if (name.startsWith(DATABASE)) {
                Path database = name.endsWith("-wal") ? path.resolveSibling(DATABASE) : path;
                String[] current = {null};
                try {
                    OpenClawDatabase.forEachEvent(database, (id, json, createdAt) -> {
                        if (!id.equals(current[0])) {
                            current[0] = id;
                            session = id;
                            project = NAME;
                            model = provider = null;
                        }
                        try {
                            entry(json, 0, json.length, createdAt, out);
                        } catch (UnreadableLine e) {
                            // one broken row must not hide the others; it is read again when the database changes
                        }
                    });
                } catch (IOException e) {
                    throw new UnreadableLine(e.getMessage());
                }
                return;
            }
            byte[] content = Files.readAllBytes(path);
            int start = 0;
            for (int i = 0; i <= content.length; i++) {
                if (i == content.length || content[i] == '\n') {
                    if (i > start) {
                        try {
                            entry(content, start, i - start, null, out);
                        } catch (UnreadableLine e) {
                            // a torn line, or the one OpenClaw is still writing: the rest still counts
                        }
                    }
                    start = i + 1;
                }
            }
        }

        private void entry(byte[] buf, int off, int len, String createdAt, Consumer<AgentCall> out) throws UnreadableLine {
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
                call(entry, createdAt, out);
            }
        }

        private void call(JsonNode entry, String createdAt, Consumer<AgentCall> out) throws UnreadableLine {
            JsonNode message = entry.path("message");
            if (!"assistant".equals(message.path("role").asText()) || !message.path("usage").isObject()) {
                return;
            }
            Tokens tokens = PiEntries.tokens(message.get("usage"));
            if (tokens == null) {
                return;
            }
            JsonNode stamp = message.has("timestamp") ? message.get("timestamp") : entry.get("timestamp");
            Instant at = time(stamp, createdAt);
            String used = PiEntries.text(message, "modelId");
            used = used != null ? used : PiEntries.text(message, "model");
            used = used != null ? used : model != null ? model : "unknown";
            String by = PiEntries.text(message, "provider");
            String id = PiEntries.text(entry, "id");
            String when = stamp != null && !stamp.isNull() ? stamp.asText() : createdAt != null ? createdAt : session;
            String key = NAME + ":" + (id != null ? id + ":" + when : session + ":" + when + ":" + used + ":"
                    + tokens.input() + ":" + tokens.output() + ":" + tokens.cacheWrite() + ":" + tokens.cacheRead());
            out.accept(new AgentCall(key, at, PiEntries.provider(by != null ? by : provider, used), used, tokens,
                    PiEntries.cost(message.get("usage")), session, project, Map.of()));
        }

        /** Milliseconds or ISO text; else the row's creation time, else the file's modification time (as ccusage). */
        private Instant time(JsonNode value, String createdAt) throws UnreadableLine {
            Instant at = value == null ? null : instant(value.isIntegralNumber() && value.canConvertToLong()
                    ? value.asText() : value.isTextual() ? value.asText() : null);
            at = at != null ? at : instant(createdAt);
            if (at != null) {
                return at;
            }
            try {
                return Files.getLastModifiedTime(file).toInstant();
            } catch (IOException e) {
                throw new UnreadableLine("no readable timestamp");
            }
        }

        private static Instant instant(String text) {
            if (text == null) {
                return null;
            }
            try {
                if (text.matches("-?\\d{1,15}")) {
                    return Instant.ofEpochMilli(Long.parseLong(text));
                }
                return Timestamps.parse(text);
            } catch (DateTimeException e) {
                return null;
            }
        }
    }
}
