package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * pi-agent's sessions: {@code ~/.pi/agent/sessions/--<cwd with / as ->--/<time>_<session id>.jsonl}, JSON lines
 * that only grow (format in {@link PiEntries}, docs/AGENTS.md "pi-agent"). A call is an entry of type
 * {@code message} (or without a type) whose message is the assistant's with a {@code usage}; its day is the
 * entry's ISO {@code timestamp}, not the message's millisecond one (as ccusage). Branching within a session
 * (pi's tree) appends to the same file, but forking ({@code /fork}) copies the path's entries, ids and times
 * unchanged, into a new session file whose header names its {@code parentSession}: the key is therefore the entry's
 * id and time, not the session ({@code pi:ENTRY_ID:MILLIS}; model and tokens for entries without an id), and a
 * copied call counts once (ccusage counts it again). Files under a {@code subagent-artifacts} directory are not
 * sessions and are not read (as ccusage).
 */
public final class PiLog implements AgentLog {
    public static final String NAME = "pi";
    private static final byte[] USAGE = Bytes.ascii("\"usage\"");
    private static final byte[] SESSION = Bytes.ascii("\"session\"");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "pi-agent";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Sessions are read from DIR/**/*.jsonl for each --root, else each directory in",
                "$PI_AGENT_DIR (comma-separated), else ~/.pi/agent/sessions.");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "PI_AGENT_DIR", () -> List.of(Path.of(env.apply("HOME"), ".pi", "agent", "sessions")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path file : AgentLog.walk(root, name -> name.endsWith(".jsonl"))) {
            boolean artifact = false;
            for (Path part : root.relativize(file)) {
                artifact |= part.toString().equals("subagent-artifacts");
            }
            if (!artifact) {
                files.add(file);
            }
        }
        return files;
    }

    @Override
    public ReadMode mode() {
        return ReadMode.APPEND;
    }

    @Override
    public FileParser open(Path file) {
        return new Session(file);
    }

    /** One session file: its id (from the name) and its working directory (from the header line). */
    private static final class Session implements FileParser {
        private final String session;
        private String project;

        Session(Path file) {
            String name = file.getFileName().toString();
            String stem = name.substring(0, name.length() - ".jsonl".length());
            session = stem.substring(stem.indexOf('_') + 1);
            Path dir = file.getParent();
            String encoded = dir == null || dir.getFileName() == null ? "" : dir.getFileName().toString();
            project = encoded.startsWith("--") && encoded.endsWith("--") && encoded.length() > 4
                    ? PiEntries.project(encoded.substring(2, encoded.length() - 2).replace('-', '/')) : null;
        }

        @Override
        public boolean needsEarlierLines() {
            return true;
        }

        @Override
        public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) throws UnreadableLine {
            boolean usage = Bytes.contains(buf, off, len, USAGE);
            if (!usage && !Bytes.contains(buf, off, len, SESSION)) {
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
                return;
            }
            JsonNode message = entry.path("message");
            if (!usage || (type != null && !"message".equals(type)) || !"assistant".equals(message.path("role").asText())
                    || !message.path("usage").isObject()) {
                return;
            }
            Tokens tokens = PiEntries.tokens(message.get("usage"));
            if (tokens == null) {
                return;
            }
            String time = PiEntries.text(entry, "timestamp");
            Instant at;
            try {
                at = Timestamps.parse(time == null ? "" : time);
            } catch (DateTimeException | IndexOutOfBoundsException e) {
                throw new UnreadableLine("no readable timestamp");
            }
            String model = PiEntries.text(message, "model");
            model = model != null ? model : "unknown";
            String id = PiEntries.text(entry, "id");
            String key = NAME + ":" + (id != null ? id + ":" + at.toEpochMilli() : session + ":" + at.toEpochMilli() + ":"
                    + model + ":" + tokens.input() + ":" + tokens.output() + ":" + tokens.cacheWrite() + ":" + tokens.cacheRead());
            out.accept(new AgentCall(key, at, PiEntries.provider(PiEntries.text(message, "provider"), model), model,
                    tokens, PiEntries.cost(message.get("usage")), session, project, Map.of()));
        }
    }
}
