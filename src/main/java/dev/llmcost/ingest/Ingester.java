package dev.llmcost.ingest;

import dev.llmcost.LlmcostException;
import dev.llmcost.model.Origin;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.store.EventWriter;
import dev.llmcost.store.IngestStore;
import dev.llmcost.store.IngestStore.FileState;
import dev.llmcost.store.Store;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The incremental reading every agent shares. Per file it remembers (in {@code ingested_files}) the size,
 * modification time and the offset of the last complete line read; a re-run reads only what was appended
 * (APPEND) or a file whose size or time changed (WHOLE); a file shorter than what was read was rewritten
 * and is read again from its start. An unfinished last line waits for the next run. Call keys make every
 * re-read harmless. Several files are written per transaction, each file's offset committed with its
 * calls, so a run killed at any point loses nothing and doubles nothing on the next.
 */
public final class Ingester {
    /** A transaction is committed once it holds this many new calls (or {@link #BATCH_FILES} files). */
    private static final int BATCH_CALLS = 50_000;
    private static final int BATCH_FILES = 500;

    /** What one run found, for the summary. */
    public static final class Tally {
        public long files;
        public long changedFiles;
        public long newCalls;
        public long unreadableLines;
        /** Model → {new calls, their cost}. */
        public final Map<String, BigDecimal[]> byModel = new TreeMap<>();

        void add(Tally other) {
            files += other.files;
            changedFiles += other.changedFiles;
            newCalls += other.newCalls;
            unreadableLines += other.unreadableLines;
            other.byModel.forEach((model, sums) -> {
                BigDecimal[] mine = byModel.computeIfAbsent(model, m -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                mine[0] = mine[0].add(sums[0]);
                mine[1] = mine[1].add(sums[1]);
            });
        }

        private void counted(UsageEvent stored) {
            newCalls++;
            BigDecimal[] sums = byModel.computeIfAbsent(stored.model(), m -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(BigDecimal.ONE);
            sums[1] = sums[1].add(stored.costUsd() == null ? BigDecimal.ZERO : stored.costUsd());
        }
    }

    /** Told after each file. */
    public interface Progress {
        void filesDone(long done, long total);
    }

    /** A file that changed since it was last read, and from where to read it. */
    private record Work(Path file, String key, long size, long mtimeMs, long start) {
    }

    /** What reading one file gave: its calls, and the offset to commit with them (-1: commit nothing, read it again next run). */
    private record Parsed(Work work, List<AgentCall> calls, long end, long unreadable) {
    }

    private final Store store;
    private final Pricer pricer;
    private final Clock clock;

    public Ingester(Store store, Pricer pricer, Clock clock) {
        this.store = store;
        this.pricer = pricer;
        this.clock = clock;
    }

    /** Reads what changed in {@code files} (all of {@code log}'s format). */
    public Tally ingest(AgentLog log, List<Path> files, Progress progress) {
        Map<String, FileState> known = store.read(connection -> {
            try (IngestStore ingested = new IngestStore(connection)) {
                return ingested.files(log.name());
            }
        });
        Tally tally = new Tally();
        tally.files = files.size();
        List<Work> changed = new ArrayList<>();
        for (Path file : files) {
            Work work = changed(log, file, known);
            if (work != null) {
                changed.add(work);
            }
        }
        tally.changedFiles = changed.size();
        long unchanged = files.size() - changed.size();
        int next = 0;
        while (next < changed.size()) {
            int from = next;
            Tally batch = new Tally();
            next = store.write(connection -> {
                batch.newCalls = 0;
                batch.unreadableLines = 0;
                batch.byModel.clear();
                int i = from;
                try (EventWriter writer = new EventWriter(connection, clock);
                     IngestStore ingested = new IngestStore(connection)) {
                    long calls = 0;
                    while (i < changed.size() && calls < BATCH_CALLS && i - from < BATCH_FILES) {
                        Parsed parsed = read(log, changed.get(i));
                        calls += parsed.calls().size();
                        batch.unreadableLines += parsed.unreadable();
                        for (AgentCall call : parsed.calls()) {
                            UsageEvent event = event(log, call, parsed.work().file());
                            if (writer.insert(event)) {
                                batch.counted(event);
                            }
                        }
                        Work work = parsed.work();
                        if (parsed.end() >= 0) {
                            ingested.markRead(work.key(), log.name(), new FileState(work.size(), parsed.end(), work.mtimeMs()),
                                    clock.instant());
                        }
                        i++;
                    }
                }
                return i;
            });
            tally.add(batch);
            if (progress != null) {
                progress.filesDone(unchanged + next, files.size());
            }
        }
        return tally;
    }

    /** The work {@code file} needs, or null when it is as it was at the last read. */
    private static Work changed(AgentLog log, Path file, Map<String, FileState> known) {
        String key = file.toAbsolutePath().normalize().toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null; // deleted since it was listed
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
        long size = attributes.size();
        long mtime = attributes.lastModifiedTime().toMillis();
        FileState state = known.get(key);
        if (state == null) {
            return new Work(file, key, size, mtime, 0);
        }
        boolean sameTime = state.mtimeMs() == null ? log.mode() == AgentLog.ReadMode.APPEND : state.mtimeMs() == mtime;
        if (size == state.size() && sameTime) {
            return null;
        }
        if (log.mode() == AgentLog.ReadMode.WHOLE || size < state.offset()) {
            return new Work(file, key, size, mtime, 0);
        }
        if (size == state.offset()) {
            return null; // touched, nothing new; the next run compares with this size again
        }
        return new Work(file, key, size, mtime, state.offset());
    }

    private static Parsed read(AgentLog log, Work work) {
        List<AgentCall> calls = new ArrayList<>();
        FileParser parser = log.open(work.file());
        try {
            if (log.mode() == AgentLog.ReadMode.WHOLE) {
                try {
                    parser.whole(work.file(), calls::add);
                    return new Parsed(work, calls, work.size(), 0);
                } catch (UnreadableLine e) {
                    // often a file caught mid-rewrite: read it again next time
                    return new Parsed(work, List.of(), -1, 1);
                }
            }
            boolean replay = work.start() > 0 && parser.needsEarlierLines();
            long unreadable = 0;
            Consumer<AgentCall> dropped = call -> { };
            try (LineReader lines = new LineReader(work.file(), replay ? 0 : work.start())) {
                while (lines.next()) {
                    boolean earlier = lines.position() < work.start();
                    try {
                        parser.line(lines.buffer(), lines.off(), lines.length(), lines.position(),
                                earlier ? dropped : calls::add);
                    } catch (UnreadableLine e) {
                        if (!earlier) {
                            unreadable++;
                        }
                    }
                }
                return new Parsed(work, calls, lines.end(), unreadable);
            }
        } catch (NoSuchFileException e) {
            return new Parsed(work, List.of(), work.start(), 0);
        } catch (IOException e) {
            throw cannotRead(work.file(), e);
        }
    }

    private UsageEvent event(AgentLog log, AgentCall call, Path file) {
        String project = call.project();
        if (project == null || project.isBlank()) {
            Path parent = file.toAbsolutePath().getParent();
            project = parent == null || parent.getFileName() == null ? log.name() : parent.getFileName().toString();
        }
        Pricer.Priced priced = pricer.price(call.provider(), call.model(), call.tokens(), call.costUsd());
        return new UsageEvent(call.at(), project, call.provider(), call.model(), call.tokens(), priced.costUsd(),
                priced.source(), Origin.agentSession(log.name(), call.session()), null, call.key(), call.tags());
    }

    private static LlmcostException cannotRead(Path file, IOException e) {
        return new LlmcostException(LlmcostException.EXIT_RUNTIME, "cannot read " + file + ": " + e.getMessage(), e);
    }
}
