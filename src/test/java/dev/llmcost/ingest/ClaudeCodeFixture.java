package dev.llmcost.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a tree of Claude Code transcripts the way Claude Code does (compact JSON lines): several
 * projects and sessions over several days, two models, cache tokens, streaming duplicates (the
 * same message on consecutive lines), a resumed session that repeats earlier messages, user turns
 * and a summary line. Knows its own totals for the assertions.
 */
public final class ClaudeCodeFixture {
    public long calls;
    public long inputTokens;
    public long outputTokens;
    public long cacheWriteTokens;
    public long cacheReadTokens;

    private final Path root;
    private final Random random = new Random(7);
    private int counter;

    public ClaudeCodeFixture(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path write() throws IOException {
        String[] projects = {"/home/dev/web-shop", "/home/dev/api", "/srv/tools/infra"};
        String[] models = {"claude-sonnet-4-20250514", "claude-opus-4-1-20250805"};
        List<String> resumable = new ArrayList<>();
        Path lastSession = null;
        for (int p = 0; p < projects.length; p++) {
            Path dir = root.resolve("projects").resolve(projects[p].replace('/', '-'));
            Files.createDirectories(dir);
            for (int s = 0; s < 3; s++) {
                String session = "sess-" + p + "-" + s;
                Path file = dir.resolve(session + ".jsonl");
                List<String> lines = new ArrayList<>();
                lines.add("{\"type\":\"summary\",\"summary\":\"Working on things\",\"leafUuid\":\"x\"}");
                for (int turn = 0; turn < 6; turn++) {
                    String day = String.format("2026-11-%02d", 10 + (p + s + turn) % 5);
                    String time = String.format("%sT%02d:%02d:%02d.%03dZ", day, random.nextInt(24), random.nextInt(60),
                            random.nextInt(60), random.nextInt(1000));
                    lines.add(userLine(projects[p], session, time));
                    String model = models[(turn + s) % 2];
                    long in = 1 + random.nextInt(50);
                    long out = 1 + random.nextInt(3000);
                    long cacheWrite = random.nextInt(20000);
                    long cacheRead = random.nextInt(200000);
                    String call = assistantLine(projects[p], session, time, model, in, out, cacheWrite, cacheRead);
                    lines.add(call);
                    count(in, out, cacheWrite, cacheRead);
                    if (turn % 2 == 0) {
                        lines.add(call.replace("\"uuid\":\"", "\"uuid\":\"dup-")); // streamed again: same message and request
                    }
                    resumable.add(call);
                }
                Files.write(file, lines);
                lastSession = file;
            }
        }
        // a resumed session: a new file that starts by replaying earlier calls, then adds one of its own
        Path resumed = root.resolve("projects").resolve("-home-dev-api").resolve("sess-resumed.jsonl");
        List<String> lines = new ArrayList<>(resumable.subList(resumable.size() - 5, resumable.size()));
        lines.add(assistantLine("/home/dev/api", "sess-resumed", "2026-11-15T08:00:00.000Z", "claude-sonnet-4-20250514",
                3, 400, 0, 120000));
        count(3, 400, 0, 120000);
        Files.write(resumed, lines);
        return lastSession;
    }

    /** Appends one new call to {@code file}; returns its line. */
    public String append(Path file, String time) throws IOException {
        String line = assistantLine("/home/dev/api", "sess-x", time, "claude-sonnet-4-20250514", 1, 2, 3, 4);
        count(1, 2, 3, 4);
        Files.writeString(file, line + "\n", StandardOpenOption.APPEND);
        return line;
    }

    private void count(long in, long out, long cacheWrite, long cacheRead) {
        calls++;
        inputTokens += in;
        outputTokens += out;
        cacheWriteTokens += cacheWrite;
        cacheReadTokens += cacheRead;
    }

    private String userLine(String cwd, String session, String time) {
        return "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"" + cwd
                + "\",\"sessionId\":\"" + session + "\",\"version\":\"2.0.0\",\"type\":\"user\",\"message\":{\"role\":\"user\","
                + "\"content\":\"please fix it\"},\"uuid\":\"user-" + (counter++) + "\",\"timestamp\":\"" + time + "\"}";
    }

    private String assistantLine(String cwd, String session, String time, String model, long in, long out,
                                 long cacheWrite, long cacheRead) {
        int n = counter++;
        return "{\"parentUuid\":\"p\",\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"" + cwd
                + "\",\"sessionId\":\"" + session + "\",\"version\":\"2.0.0\",\"type\":\"assistant\",\"message\":{\"id\":\"msg_"
                + n + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"done\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":" + in
                + ",\"cache_creation_input_tokens\":" + cacheWrite + ",\"cache_read_input_tokens\":" + cacheRead
                + ",\"output_tokens\":" + out + ",\"service_tier\":\"standard\"}},\"requestId\":\"req_" + n
                + "\",\"uuid\":\"a-" + n + "\",\"timestamp\":\"" + time + "\"}";
    }
}
