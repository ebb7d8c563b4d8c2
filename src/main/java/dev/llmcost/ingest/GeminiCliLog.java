package dev.llmcost.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Gemini CLI's chat files under {@code ~/.gemini/tmp/PROJECT/chats/}: JSONL (and the older whole-file JSON),
 * parsed by {@link GeminiCliSession}; format and traps in docs/AGENTS.md. Read whole when they change: gemini-cli
 * rewrites both kinds in place at times, and a session file is small.
 */
public final class GeminiCliLog implements AgentLog {
    public static final String NAME = "gemini-cli";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Gemini CLI";
    }

    @Override
    public List<String> help() {
        return List.of(
                "Chat files are read from DIR/*/chats/**/*.json[l] for each --root, else each directory in",
                "$GEMINI_DATA_DIR (comma-separated), else ~/.gemini/tmp.",
                "",
                "Gemini CLI hook (~/.gemini/settings.json, under \"hooks\"; prints nothing, always exits 0):",
                "  \"AfterAgent\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"llmcost ingest gemini-cli --hook\"}]}]");
    }

    @Override
    public List<Path> defaultRoots(UnaryOperator<String> env) {
        return AgentLog.rootsFrom(env, "GEMINI_DATA_DIR", () -> List.of(Path.of(env.apply("HOME"), ".gemini", "tmp")));
    }

    @Override
    public List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path file : AgentLog.walk(root, name -> name.endsWith(".jsonl") || name.endsWith(".json"))) {
            if (projectDir(file) != null) {
                files.add(file);
            }
        }
        return files;
    }

    @Override
    public ReadMode mode() {
        return ReadMode.WHOLE;
    }

    @Override
    public boolean hasHook() {
        return true;
    }

    @Override
    public Path hookFile(JsonNode input, List<Path> roots, UnaryOperator<String> env) {
        return AgentLog.transcriptPath(input, env, "the hook's JSON has no transcript_path (is chat recording off?)");
    }

    @Override
    public FileParser open(Path file) {
        return new FileParser() {
            @Override
            public void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) {
                throw new UnsupportedOperationException("Gemini CLI chat files are read whole");
            }

            @Override
            public void whole(Path path, Consumer<AgentCall> out) throws IOException, UnreadableLine {
                String name = path.getFileName().toString();
                String stem = name.substring(0, name.lastIndexOf('.'));
                List<GeminiCliSession.Call> calls;
                try {
                    calls = GeminiCliSession.parse(Files.readAllBytes(path), name.endsWith(".jsonl"), stem);
                } catch (GeminiCliSession.UnreadableFile e) {
                    throw new UnreadableLine(e.getMessage());
                }
                Path projectDir = projectDir(path);
                String project = project(projectDir);
                boolean subagent = projectDir != null && !path.getParent().equals(projectDir.resolve("chats"));
                Map<String, String> tags = subagent ? Map.of("subagent", "true") : Map.of();
                for (GeminiCliSession.Call call : calls) {
                    out.accept(new AgentCall(call.key(), call.at(), "google", call.model(), call.tokens(), null,
                            call.session(), project, tags));
                }
            }
        };
    }

    /** The {@code PROJECT} directory of a file under {@code PROJECT/chats/}, or null when it is not a chat file. */
    static Path projectDir(Path file) {
        for (Path dir = file.getParent(); dir != null && dir.getParent() != null; dir = dir.getParent()) {
            if (dir.getFileName().toString().equals("chats")) {
                return dir.getParent();
            }
        }
        return null;
    }

    /**
     * The project's own directory name, from the {@code .project_root} newer gemini-cli writes; else the directory's
     * name, shortened to {@code gemini-} and 12 hex digits when it is a SHA-256.
     */
    static String project(Path projectDir) {
        if (projectDir == null || projectDir.getFileName() == null) {
            return null;
        }
        Path marker = projectDir.resolve(".project_root");
        try {
            if (Files.isRegularFile(marker) && Files.size(marker) < 4096) {
                String root = Files.readString(marker).trim().replaceAll("[/\\\\]+$", "");
                int slash = Math.max(root.lastIndexOf('/'), root.lastIndexOf('\\'));
                String name = root.substring(slash + 1);
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable marker: fall back to the directory name
        }
        String name = projectDir.getFileName().toString();
        // older gemini-cli names the directory by the SHA-256 of the project's path, which cannot be turned back
        return name.matches("[0-9a-f]{64}") ? "gemini-" + name.substring(0, 12) : name;
    }
}
