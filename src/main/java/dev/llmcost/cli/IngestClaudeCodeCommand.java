package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.LlmcostException;
import dev.llmcost.ingest.ClaudeCodeTranscript;
import dev.llmcost.model.Money;
import dev.llmcost.model.Origin;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.EventWriter;
import dev.llmcost.store.IngestStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

@Command(mixinStandardHelpOptions = true, name = "claude-code", sortOptions = false,
        description = "Ingest Claude Code session transcripts: every API call once, however often a file is read.",
        footer = {
                "",
                "Transcripts are read from DIR/projects/**/*.jsonl for each --root, else each directory in",
                "$CLAUDE_CONFIG_DIR (comma-separated), else ~/.config/claude and ~/.claude.",
                "",
                "Claude Code hook (~/.claude/settings.json, under \"Stop\" and \"SubagentStop\"):",
                "  {\"type\": \"command\", \"command\": \"llmcost ingest claude-code --hook\"}",
        })
public final class IngestClaudeCodeCommand extends BaseCommand {
    private static final String SOURCE = "claude-code";

    @Option(names = "--root", paramLabel = "DIR", description = "Claude config directory holding projects/ (repeatable).")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--hook", description = "Read a Claude Code hook's JSON from stdin and ingest just its transcript.")
    boolean hook;

    @Option(names = "--strict", description = "In hook mode, fail (exit 1 or 2) instead of logging the error and exiting 0.")
    boolean strict;

    /** What one run found. */
    private static final class Tally {
        long files;
        long changedFiles;
        long newCalls;
        long unreadableLines;
        final Map<String, BigDecimal[]> byModel = new TreeMap<>();
    }

    @Override
    public Integer call() {
        if (hook) {
            try {
                Path transcript = transcriptFromHook();
                Tally tally = new Tally();
                try (Store store = openStore()) {
                    ingest(store, transcript, pricer(), tally);
                }
                warnUnreadable(tally);
                return LlmcostException.EXIT_OK;
            } catch (RuntimeException e) {
                if (strict) {
                    throw e;
                }
                err().println("llmcost: ingest claude-code --hook: " + e.getMessage() + " (ignored; the agent goes on)");
                return LlmcostException.EXIT_OK;
            }
        }
        List<Path> files = transcripts();
        Tally tally = new Tally();
        boolean progress = environment().stderrIsTerminal();
        try (Store store = openStore()) {
            Pricer pricer = pricer();
            for (Path file : files) {
                ingest(store, file, pricer, tally);
                if (progress) {
                    int width = 30;
                    int done = (int) (width * tally.files / Math.max(1, files.size()));
                    err().print("\r[" + "#".repeat(done) + " ".repeat(width - done) + "] " + tally.files + "/" + files.size() + " files");
                    err().flush();
                }
            }
        }
        if (progress) {
            err().println();
        }
        printSummary(tally);
        warnUnreadable(tally);
        return LlmcostException.EXIT_OK;
    }

    private Pricer pricer() {
        return DbLocation.pricer(environment());
    }

    private Path transcriptFromHook() {
        JsonNode input;
        try {
            input = new ObjectMapper().readTree(environment().stdin());
        } catch (IOException e) {
            throw LlmcostException.usage("stdin is not the hook's JSON: " + e.getMessage());
        }
        String path = input == null ? null : input.path("transcript_path").asText(null);
        if (path == null || path.isEmpty()) {
            throw LlmcostException.usage("the hook's JSON has no transcript_path");
        }
        Path transcript = Path.of(path.startsWith("~/") ? home() + path.substring(1) : path);
        if (!Files.isRegularFile(transcript)) {
            throw LlmcostException.usage("transcript " + transcript + " does not exist");
        }
        return transcript;
    }

    private String home() {
        String home = environment().variable("HOME");
        return home != null ? home : System.getProperty("user.home");
    }

    private List<Path> rootDirs() {
        if (!roots.isEmpty()) {
            return roots;
        }
        List<Path> dirs = new ArrayList<>();
        String configured = environment().variable("CLAUDE_CONFIG_DIR");
        if (configured != null) {
            for (String dir : configured.split(",")) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir.trim()));
                }
            }
            return dirs;
        }
        String configHome = environment().variable("XDG_CONFIG_HOME");
        dirs.add(configHome != null ? Path.of(configHome, "claude") : Path.of(home(), ".config", "claude"));
        dirs.add(Path.of(home(), ".claude"));
        return dirs;
    }

    private List<Path> transcripts() {
        List<Path> files = new ArrayList<>();
        boolean anyRoot = false;
        for (Path root : rootDirs()) {
            Path projects = root.resolve("projects");
            if (!Files.isDirectory(projects)) {
                continue;
            }
            anyRoot = true;
            try (Stream<Path> walk = Files.walk(projects)) {
                walk.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new LlmcostException(LlmcostException.EXIT_RUNTIME, "cannot list " + projects + ": " + e.getMessage(), e);
            }
        }
        if (!anyRoot && !roots.isEmpty()) {
            throw LlmcostException.usage("no projects/ directory under " + roots);
        }
        return files;
    }

    /** Reads the complete lines appended to {@code file} since the last run, in one transaction with its new offset. */
    private void ingest(Store store, Path file, Pricer pricer, Tally tally) {
        tally.files++;
        String key = file.toAbsolutePath().normalize().toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, "cannot read " + file + ": " + e.getMessage(), e);
        }
        long known = store.read(connection -> new IngestStore(connection).offset(key));
        if (known == size) {
            return;
        }
        long start = known > size ? 0 : known; // a shorter file was rewritten: read it again, keys prevent doubles
        tally.changedFiles++;
        String fallbackProject = file.getParent().getFileName().toString();
        store.write(connection -> {
            long end = start;
            try (EventWriter writer = new EventWriter(connection, environment().clock());
                 FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                channel.position(start);
                LineReader lines = new LineReader(Channels.newInputStream(channel));
                byte[] line;
                while ((line = lines.next()) != null) {
                    long lineStart = end;
                    end += lines.consumed();
                    Optional<ClaudeCodeTranscript.Call> call;
                    try {
                        call = ClaudeCodeTranscript.parse(line, lines.length(), key + "@" + lineStart);
                    } catch (ClaudeCodeTranscript.UnreadableLine e) {
                        tally.unreadableLines++;
                        continue;
                    }
                    if (call.isEmpty()) {
                        continue;
                    }
                    UsageEvent stored = event(call.get(), fallbackProject, pricer);
                    if (writer.insert(stored)) {
                        tally.newCalls++;
                        BigDecimal[] sums = tally.byModel.computeIfAbsent(stored.model(),
                                m -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                        sums[0] = sums[0].add(BigDecimal.ONE);
                        sums[1] = sums[1].add(stored.costUsd() == null ? BigDecimal.ZERO : stored.costUsd());
                    }
                }
            } catch (IOException e) {
                throw new LlmcostException(LlmcostException.EXIT_RUNTIME, "cannot read " + file + ": " + e.getMessage(), e);
            }
            new IngestStore(connection).markRead(key, SOURCE, size, end, environment().clock().instant());
            return null;
        });
    }

    private static UsageEvent event(ClaudeCodeTranscript.Call call, String fallbackProject, Pricer pricer) {
        String project = fallbackProject;
        if (call.cwd() != null && !call.cwd().isBlank()) {
            Path name = Path.of(call.cwd()).getFileName();
            project = name == null ? call.cwd() : name.toString();
        }
        Pricer.Priced priced = pricer.price("anthropic", call.model(), call.tokens(), call.costUsd(), call.at());
        return new UsageEvent(call.at(), project, "anthropic", call.model(), call.tokens(), priced.costUsd(),
                priced.source(), Origin.agentSession("claude-code", call.session()), null, call.key(),
                call.sidechain() ? Map.of("subagent", "true") : Map.of(), priced.basis("costUSD"));
    }

    private void printSummary(Tally tally) {
        out().println("Scanned " + Numbers.count(tally.files) + " transcript(s), " + Numbers.count(tally.changedFiles)
                + " changed; " + Numbers.count(tally.newCalls) + " new call(s).");
        if (tally.byModel.isEmpty()) {
            return;
        }
        TextTable table = new TextTable(List.of("Model", "New calls", "Cost"), new boolean[] {false, true, true});
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal[]> entry : tally.byModel.entrySet()) {
            table.add(List.of(entry.getKey(), Numbers.count(entry.getValue()[0].longValue()), Numbers.usd(entry.getValue()[1])));
            total = total.add(entry.getValue()[1]);
        }
        table.footer(List.of("Total", Numbers.count(tally.newCalls), Numbers.usd(total)));
        table.print(out());
    }

    private void warnUnreadable(Tally tally) {
        if (tally.unreadableLines > 0) {
            warn("skipped " + Numbers.count(tally.unreadableLines) + " transcript line(s) that could not be read");
        }
    }

    /** Complete lines of a stream; a last line without its newline is left for the next run. */
    static final class LineReader {
        private final InputStream in;
        private byte[] buffer = new byte[8192];
        private int length;
        private long consumed;

        LineReader(InputStream in) {
            this.in = new java.io.BufferedInputStream(in, 1 << 16);
        }

        /** The next complete line (without its newline), or null at the end or before an unfinished line. */
        byte[] next() throws IOException {
            length = 0;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    consumed = length + 1L;
                    return buffer;
                }
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                buffer[length++] = (byte) b;
            }
            return null;
        }

        int length() {
            return length;
        }

        long consumed() {
            return consumed;
        }
    }
}
