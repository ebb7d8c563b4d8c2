package dev.llmcost.ingest;

import dev.llmcost.capture.CallRecorder;
import dev.llmcost.capture.IncomingCall;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Origin;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.store.EventWriter;
import dev.llmcost.store.IngestStore.FileState;
import dev.llmcost.store.IngestStore;
import dev.llmcost.store.Store;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The incremental reading every agent shares. Per file it remembers (in {@code ingested_files}) the size,
 * modification time and the offset of the last complete line read; a re-run reads only what was appended
 * (APPEND), a file whose size or time changed (WHOLE), or the rows of a changed database written since the
 * position its parser returned last time (SINCE); a file shorter than what was read was rewritten
 * and is read again from its start. An unfinished last line waits for the next run. Call keys make every
 * re-read harmless. Several files are written per transaction, each file's offset committed with its
 * calls, so a run killed at any point loses nothing and doubles nothing on the next.
 */
public final class Ingester {
    /** A transaction is committed once it holds this many new calls (or {@link #BATCH_FILES} files). */
    private static final int BATCH_CALLS = 20_000;
    private static final int BATCH_FILES = 500;
    /**
     * How far the parsers may run ahead of the writer: about one batch of an ordinary tree, so that they
     * parse the next batch while it writes this one, and memory holds two batches at most.
     */
    private static final long AHEAD_BYTES = 64L << 20;
    private static final int AHEAD_FILES = 500;
    /**
     * Longer lines are counted unreadable and passed over without being held: a call's usage line is
     * a few kilobytes (a tool result with images can be megabytes), and the ingest's heap is bounded.
     */
    static final int MAX_LINE = 16 << 20;

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

    /** A file that changed since it was last read, from where to read it, and its state at the last read (or null). */
    private record Work(Path file, String key, long size, long mtimeMs, long start, FileState previous) {
        long unread() {
            return size - start;
        }
    }

    /** What reading one file gave: its calls, and the offset to commit with them (-1: commit nothing, read it again next run). */
    private record Parsed(Work work, List<UsageEvent> events, long end, long unreadable) {
    }

    private final Store store;
    private final Supplier<Pricer> pricers;
    private final Clock clock;
    private final int parsers;

    /** {@code pricers} makes one pricer per parsing thread (a pricer caches lookups and is not thread-safe). */
    public Ingester(Store store, Supplier<Pricer> pricers, Clock clock) {
        this(store, pricers, clock, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    Ingester(Store store, Supplier<Pricer> pricers, Clock clock, int parsers) {
        this.store = store;
        this.pricers = pricers;
        this.clock = clock;
        this.parsers = parsers;
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
        if (changed.isEmpty()) {
            return tally;
        }
        // Files are parsed (and their calls priced) on worker threads, a few files ahead, while this thread
        // writes; many files go in one transaction, each with its offset. Memory holds at most one batch
        // and the files parsed ahead, however large the tree.
        ThreadLocal<Pricer> pricer = ThreadLocal.withInitial(pricers);
        ExecutorService pool = Executors.newFixedThreadPool(parsers, runnable -> {
            Thread thread = new Thread(runnable, "llmcost-ingest");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<Parsed>> ahead = new ArrayDeque<>();
            int submitted = 0;
            int done = 0;
            long aheadBytes = 0;
            while (done < changed.size()) {
                List<Parsed> batch = new ArrayList<>();
                long calls = 0;
                while (done < changed.size() && calls < BATCH_CALLS && batch.size() < BATCH_FILES) {
                    while (submitted < changed.size()
                            && (ahead.isEmpty() || aheadBytes < AHEAD_BYTES && ahead.size() < AHEAD_FILES)) {
                        Work work = changed.get(submitted++);
                        aheadBytes += work.unread();
                        ahead.add(pool.submit(() -> read(log, work, pricer.get())));
                    }
                    Parsed parsed = take(ahead.poll());
                    aheadBytes -= parsed.work().unread();
                    batch.add(parsed);
                    calls += parsed.events().size();
                    done++;
                }
                tally.add(write(log, batch));
                if (progress != null) {
                    progress.filesDone(unchanged + done, files.size());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return tally;
    }

    private static Parsed take(Future<Parsed> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stores one batch of parsed files in one transaction, each file's offset with its calls. */
    private Tally write(AgentLog log, List<Parsed> batch) {
        return store.write(connection -> {
            Tally written = new Tally(); // made inside: a retried transaction starts its count again
            try (EventWriter writer = new EventWriter(connection, clock);
                 IngestStore ingested = new IngestStore(connection)) {
                ingested.bulkCache();
                for (Parsed parsed : batch) {
                    written.unreadableLines += parsed.unreadable();
                    for (UsageEvent event : parsed.events()) {
                        if (writer.insert(event)) {
                            written.counted(event);
                        }
                    }
                    Work work = parsed.work();
                    if (parsed.end() >= 0) {
                        ingested.markRead(work.key(), log.name(), new FileState(work.size(), parsed.end(), work.mtimeMs()),
                                clock.instant());
                    }
                }
            }
            return written;
        });
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
            return new Work(file, key, size, mtime, 0, null);
        }
        boolean sameTime = state.mtimeMs() == null ? log.mode() == AgentLog.ReadMode.APPEND : state.mtimeMs() == mtime;
        if (size == state.size() && sameTime) {
            return null;
        }
        if (log.mode() != AgentLog.ReadMode.APPEND || size < state.offset()) {
            return new Work(file, key, size, mtime, 0, state);
        }
        if (size == state.offset()) {
            return null; // touched, nothing new; the next run compares with this size again
        }
        return new Work(file, key, size, mtime, state.offset(), state);
    }

    private static Parsed read(AgentLog log, Work work, Pricer pricer) {
        List<UsageEvent> calls = new ArrayList<>();
        Consumer<AgentCall> keep = call -> calls.add(event(log, call, work.file(), pricer));
        FileParser parser = log.open(work.file());
        try {
            if (log.mode() != AgentLog.ReadMode.APPEND) {
                try {
                    if (log.mode() == AgentLog.ReadMode.SINCE) {
                        return new Parsed(work, calls, parser.since(work.file(), work.previous(), keep), 0);
                    }
                    parser.whole(work.file(), keep);
                    return new Parsed(work, calls, parser.readAgain() ? -1 : work.size(), 0);
                } catch (UnreadableLine e) {
                    // often a file caught mid-rewrite: read it again next time
                    return new Parsed(work, List.of(), -1, 1);
                }
            }
            boolean replay = work.start() > 0 && parser.needsEarlierLines();
            long unreadable = 0;
            Consumer<AgentCall> dropped = call -> { };
            try (LineReader lines = new LineReader(work.file(), replay ? 0 : work.start(), MAX_LINE)) {
                while (lines.next()) {
                    boolean earlier = lines.position() < work.start();
                    try {
                        parser.line(lines.buffer(), lines.off(), lines.length(), lines.position(),
                                earlier ? dropped : keep);
                    } catch (UnreadableLine e) {
                        if (!earlier) {
                            unreadable++;
                        }
                    }
                }
                return new Parsed(work, calls, lines.end(), unreadable + lines.skipped());
            }
        } catch (NoSuchFileException e) {
            return new Parsed(work, List.of(), work.start(), 0);
        } catch (IOException e) {
            throw cannotRead(work.file(), e);
        }
    }

    private static UsageEvent event(AgentLog log, AgentCall call, Path file, Pricer pricer) {
        String project = call.project();
        if (project == null || project.isBlank()) {
            Path parent = file.toAbsolutePath().getParent();
            project = parent == null || parent.getFileName() == null ? log.name() : parent.getFileName().toString();
        }
        return CallRecorder.priced(new IncomingCall(call.at(), project, call.provider(), call.model(), call.tokens(),
                call.costUsd(), log.costBasis(), Origin.agentSession(log.name(), call.session()), null, call.key(),
                call.tags()), pricer);
    }

    private static LlmcostException cannotRead(Path file, IOException e) {
        return new LlmcostException(LlmcostException.EXIT_RUNTIME, "cannot read " + file + ": " + e.getMessage(), e);
    }
}
