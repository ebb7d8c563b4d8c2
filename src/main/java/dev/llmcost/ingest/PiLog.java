package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.model.Tokens;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * pi-agent's sessions: {@code ~/.pi/agent/sessions/--<cwd with / as ->--/<time>_<session id>.jsonl}, JSON lines
 * that only grow (format in {@link PiEntries}, docs/AGENTS.md "pi-agent"). A call is an entry of type
 * {@code message} (or without a type) whose message is the assistant's with a {@code usage}; its day is the
 * entry's ISO {@code timestamp}, not the message's millisecond one (as ccusage). Branching within a session
 * (pi's tree) appends to the same file, so nothing is written twice; a line repeated verbatim counts once by
 * its key, {@code pi:SESSION:ENTRY_ID} (time and tokens for entries without an id).
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
        return AgentLog.walk(root, name -> name.endsWith(".jsonl"));
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
            String key = NAME + ":" + session + ":" + (id != null ? id : at.toEpochMilli() + ":" + model + ":"
                    + tokens.input() + ":" + tokens.output() + ":" + tokens.cacheWrite() + ":" + tokens.cacheRead());
            out.accept(new AgentCall(key, at, PiEntries.provider(PiEntries.text(message, "provider"), model), model,
                    tokens, PiEntries.cost(message.get("usage")), session, project, Map.of()));
        }
    }
}
