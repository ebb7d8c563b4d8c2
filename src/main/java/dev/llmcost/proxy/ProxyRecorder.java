package dev.llmcost.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.capture.CallRecorder;
import dev.llmcost.capture.UsageBody;
import dev.llmcost.env.Environment;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.store.Store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records what the proxy captured, on one thread of its own, so no app ever waits for the database. Each
 * capture becomes one line in the shape of a {@code POST /api/usage} body (the response document under
 * {@code json}, the header fields, the time, a key), and goes through {@link CallRecorder}: record's rules.
 * A batch that cannot be stored (database locked past the wait, disk full, server down) is appended to the
 * spool file instead, and stored when a later batch succeeds, on the next start, or by
 * {@code llmcost proxy --drain}; the key (the response's id, else one made here and kept in the line) makes
 * storing a line twice harmless, so each call is recorded once.
 */
public final class ProxyRecorder implements ProxyServer.CallSink, AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int BATCH = 500;
    /**
     * How long the writer waits after a call arrives for others to join it in one transaction: each commit
     * syncs the file, and on a small machine commits one call at a time competed with the relay for the cores.
     */
    private static final long LINGER_MS = 20;

    private final Environment environment;
    private final Supplier<Store> stores;
    private final Path spool;
    private final String defaultProject;
    private final Consumer<String> log;
    private final CallRecorder recorder;
    private final BlockingQueue<Capture> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    /** The lines the writer is storing right now: spooled too if the process stops before they are stored. */
    private volatile List<String> inFlight = List.of();
    private Store store;
    /** A file lock guards the spool against other processes; this guards it against this one's other thread. */
    private final Object spoolLock = new Object();

    /** {@code stores} opens the database (called again after a failure); {@code log} takes one line each. */
    public ProxyRecorder(Environment environment, Supplier<Store> stores, Path spool, String defaultProject,
                         Consumer<String> log) {
        this.environment = environment;
        this.stores = stores;
        this.spool = spool;
        this.defaultProject = defaultProject;
        this.log = log;
        this.recorder = new CallRecorder(environment, ZoneId::systemDefault, warning -> log.accept("warning: " + warning));
        this.writer = new Thread(this::run, "llmcost-proxy-recorder");
        writer.setDaemon(true);
    }

    public void start() {
        writer.start();
    }

    @Override
    public void captured(Capture capture) {
        queue.add(capture);
    }

    /** Stores what the spool holds; the number of calls newly recorded. */
    public long drain() {
        synchronized (spoolLock) {
            return drainLocked();
        }
    }

    private long drainLocked() {
        if (!Files.exists(spool)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            if (channel.size() == 0) {
                return 0;
            }
            ByteBuffer all = ByteBuffer.allocate((int) channel.size());
            while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
                // read to the end
            }
            List<String> lines = new String(all.array(), 0, all.position(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).toList();
            long added = store(lines);
            channel.truncate(0);
            channel.force(true);
            return added;
        } catch (IOException e) {
            throw LlmcostException.runtime(spool + ": cannot read the proxy's spool: " + e.getMessage(), e);
        }
    }

    /** Waits for what was captured to be stored (or spooled), then closes the database. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> left = new ArrayList<>(writer.isAlive() ? inFlight : List.of()); // stored twice is stored once
        List<Capture> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        waiting.forEach(capture -> left.add(line(capture)));
        if (!left.isEmpty()) {
            append(left);
        }
        if (store != null) {
            store.close();
        }
    }

    private void run() {
        boolean spoolWaiting = Files.exists(spool);
        while (!(closing && queue.isEmpty())) {
            List<Capture> batch = new ArrayList<>();
            try {
                Capture first = queue.poll(2, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    if (!closing) {
                        Thread.sleep(LINGER_MS);
                    }
                    queue.drainTo(batch, BATCH - 1);
                }
            } catch (InterruptedException e) {
                break;
            }
            List<String> lines = batch.stream().map(this::line).toList();
            inFlight = lines;
            try {
                if (spoolWaiting) {
                    long spooled = drain();
                    spoolWaiting = false;
                    if (spooled > 0) {
                        log.accept("recorded " + spooled + " spooled call(s)");
                    }
                }
                store(lines);
            } catch (RuntimeException e) {
                if (store != null) {
                    store.close();
                    store = null;
                }
                if (!lines.isEmpty()) {
                    append(lines);
                    log.accept("cannot record " + lines.size() + " call(s) now (" + e.getMessage()
                            + "); kept in " + spool + " for later");
                }
                spoolWaiting = true;
            }
            inFlight = List.of();
        }
    }

    /** Stores the calls of {@code lines} in one transaction; the number newly recorded. */
    private long store(List<String> lines) {
        if (lines.isEmpty()) {
            return 0;
        }
        List<UsageEvent> events = new ArrayList<>();
        for (String line : lines) {
            if (!line.isEmpty()) {
                events.addAll(events(line));
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        if (store == null) {
            store = stores.get();
        }
        return CallRecorder.store(store, environment.clock(), events).stream().filter(added -> added).count();
    }

    /** The call a line holds, by record's rules; none when its usage cannot be read (said in the log). */
    private List<UsageEvent> events(String line) {
        List<UsageEvent> events = new ArrayList<>();
        try {
            for (UsageBody.Item item : UsageBody.read(line.getBytes(StandardCharsets.UTF_8), Map.of())) {
                events.addAll(recorder.events(item.request(), environment.clock().instant(), defaultProject, item::calls));
            }
        } catch (LlmcostException e) {
            if (e.exitCode() != LlmcostException.EXIT_USAGE) {
                throw e;
            }
            log.accept("a proxied call was not recorded: " + e.getMessage());
        }
        return events;
    }

    /** A capture as a line of the spool's (and POST /api/usage's) shape. */
    private String line(Capture capture) {
        ObjectNode line = MAPPER.createObjectNode();
        JsonNode document = capture.document();
        if (document == null) {
            log.accept("a proxied response held no usage llmcost could read (" + capture.unreadable()
                    + " unreadable part(s)); relayed, not recorded");
            return "";
        }
        line.set("json", document);
        line.put("at", capture.at().toString());
        JsonNode response = document.path("response").isObject() ? document.get("response") : document;
        if (!response.hasNonNull("model") && !response.hasNonNull("modelVersion") && capture.requestModel() != null) {
            line.put("model", capture.requestModel());
        }
        if (!response.hasNonNull("id") && !response.hasNonNull("responseId")) {
            line.put("id", "proxy:" + UUID.randomUUID());
        }
        if (capture.provider() != null) {
            line.put("provider", capture.provider());
        }
        Capture.Fields fields = capture.fields();
        if (fields.project() != null) {
            line.put("project", fields.project());
        }
        if (fields.user() != null) {
            line.put("user", fields.user());
        }
        if (!fields.tags().isEmpty()) {
            ObjectNode tags = line.putObject("tags");
            fields.tags().forEach(tags::put);
        }
        for (String refused : fields.refusedTags()) {
            log.accept("warning: X-Llmcost-Tag '" + refused + "' is not KEY=VALUE; left out");
        }
        return line.toString();
    }

    private void append(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.stream().filter(line -> !line.isEmpty()).forEach(line -> text.append(line).append('\n'));
        if (text.isEmpty()) {
            return;
        }
        synchronized (spoolLock) {
            appendLocked(text.toString(), lines.size());
        }
    }

    private void appendLocked(String text, int calls) {
        try {
            Files.createDirectories(spool.getParent());
            try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        } catch (IOException e) {
            log.accept("cannot write the spool " + spool + ": " + e.getMessage() + "; " + calls + " call(s) lost");
        }
    }
}
