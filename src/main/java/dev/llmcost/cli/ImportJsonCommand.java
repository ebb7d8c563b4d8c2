package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.budget.Budget;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.capture.CallRecorder;
import dev.llmcost.capture.IncomingCall;
import dev.llmcost.capture.TextFields;
import dev.llmcost.env.DbLocation;
import dev.llmcost.ingest.ImportSummary;
import dev.llmcost.ingest.ImportedRecord;
import dev.llmcost.ingest.UsageLog;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.model.Money;
import dev.llmcost.model.UsageEvent;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.render.Numbers;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.EventWriter;
import dev.llmcost.store.ImportStore.Sums;
import dev.llmcost.store.ImportStore;
import dev.llmcost.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@Command(mixinStandardHelpOptions = true, name = "import-json", sortOptions = false,
        description = "Import an old JSON cost log: all or nothing, idempotent, backed up, with totals proved to match.",
        footer = {
                "",
                "Shapes: telegram (usage.json: users → id → records, limits), array (a JSON array of records),",
                "jsonl (one record per line), extension (the browser extension's CostRecord export).",
                "Timestamps without an offset are read in --tz. Telegram limits become user budgets.",
                "",
                "Examples:",
                "  llmcost import-json usage.json --dry-run",
                "  llmcost import-json usage.json",
        })
public final class ImportJsonCommand extends BaseCommand {
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSON cost logs to import.")
    List<Path> files;

    @Option(names = "--shape", paramLabel = "SHAPE", description = "Force the shape: ${COMPLETION-CANDIDATES} (default: detected).")
    UsageLog.Shape shape;

    @Option(names = "--project", paramLabel = "NAME", defaultValue = "imported",
            description = "Project for records that name none (default: ${DEFAULT-VALUE}).")
    String project;

    @Option(names = "--dry-run", description = "Parse, check and summarise without writing anything.")
    boolean dryRun;

    @Option(names = "--no-backup", description = "Do not copy the source next to the database first.")
    boolean noBackup;

    @Option(names = "--skip-invalid", description = "Import the valid records and list the invalid ones, instead of stopping at the first.")
    boolean skipInvalid;

    @Mixin
    FormatOptions format;

    /** One file's parse: sums per user, and what was skipped. */
    private static final class Parsed {
        final Path file;
        final UsageLog.Shape shape;
        final Map<String, Sums> sums = new TreeMap<>();
        final List<String> skipped = new ArrayList<>();
        final List<Budget> limits = new ArrayList<>();
        String sha256;
        long records;
        long added;
        Map<String, Sums> stored;
        String backup;

        Parsed(Path file, UsageLog.Shape shape) {
            this.file = file;
            this.shape = shape;
        }

        void reset() {
            sums.clear();
            skipped.clear();
            limits.clear();
            records = 0;
            added = 0;
            stored = null;
            backup = null;
        }
    }

    /** Receives each valid record; may reject it by returning false (a duplicate within the file). */
    private interface Sink {
        boolean accept(UsageEvent event) throws IOException;
    }

    @Override
    public Integer call() {
        TextFields.check("--project", project);
        ZoneId zone = zone();
        Instant now = environment().clock().instant();
        Pricer pricer = DbLocation.pricer(environment());
        List<Parsed> parsed = new ArrayList<>();
        for (Path file : files) {
            checkReadable(file);
            parsed.add(new Parsed(file, shape != null ? shape : detect(file)));
        }
        if (dryRun) {
            for (Parsed p : parsed) {
                parse(p, zone, now, pricer, event -> true, null);
            }
            printSummaries(parsed);
            return LlmcostException.EXIT_OK;
        }
        // One pass: each file is parsed once, written inside one transaction and copied to its backup as it
        // is read. A bad record rolls everything back and deletes the partial backups.
        Path dbDir = dbPath().toAbsolutePath().getParent();
        List<Backup> backups = new ArrayList<>();
        try (Store store = openStore()) {
            store.write(connection -> {
                backups.forEach(Backup::discard); // a retried attempt starts afresh
                backups.clear();
                BudgetStore budgets = new BudgetStore(connection);
                for (Parsed p : parsed) {
                    p.reset();
                    Backup backup = noBackup ? null : Backup.start(p.file, dbDir, now);
                    if (backup != null) {
                        backups.add(backup);
                        p.backup = backup.target().toString();
                    }
                    try (ImportStore imports = new ImportStore(connection);
                         EventWriter writer = new EventWriter(connection, environment().clock())) {
                        parse(p, zone, now, pricer, event -> {
                            try {
                                if (writer.insert(event)) {
                                    p.added++;
                                    return true;
                                }
                                return imports.storedBeforeThisFile(event.eventKey());
                            } catch (java.sql.SQLException e) {
                                throw new IOException(e);
                            }
                        }, backup);
                        p.stored = imports.storedSums();
                        if (!p.stored.equals(p.sums)) {
                            printSummaries(List.of(p));
                            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, p.file
                                    + ": the database totals do not match the file's; rolled back, nothing was written");
                        }
                        for (Budget limit : p.limits) {
                            budgets.put(limit, now);
                        }
                        imports.log(p.file.toAbsolutePath().toString(), p.sha256, p.shape.cliName(), p.backup, now,
                                p.records, p.added);
                    }
                }
                for (Backup backup : backups) {
                    backup.keep();
                }
                return null;
            });
        } catch (RuntimeException e) {
            backups.forEach(Backup::discard);
            throw e;
        }
        printSummaries(parsed);
        return LlmcostException.EXIT_OK;
    }

    /** A copy of the source written as it is parsed: kept (renamed into place) only with the import. */
    private record Backup(Path partial, Path target, java.io.OutputStream out) {
        static Backup start(Path file, Path dbDir, Instant now) {
            try {
                Path dir = dbDir.resolve("imports");
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                }
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                Path target = dir.resolve(name + "." + BACKUP_STAMP.format(now) + ".json");
                Path partial = Files.createTempFile(dir, name, ".part",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                return new Backup(partial, target, new java.io.BufferedOutputStream(Files.newOutputStream(partial), 1 << 16));
            } catch (IOException e) {
                throw new LlmcostException(LlmcostException.EXIT_RUNTIME, "cannot back up " + file + ": " + e.getMessage(), e);
            }
        }

        void keep() {
            try {
                out.close();
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new LlmcostException(LlmcostException.EXIT_RUNTIME, "cannot back up to " + target + ": "
                        + e.getMessage(), e);
            }
        }

        void discard() {
            try {
                out.close();
            } catch (IOException ignored) {
                // the copy is being thrown away
            }
            try {
                Files.deleteIfExists(partial);
                Files.deleteIfExists(target);
                Files.deleteIfExists(partial.getParent()); // only if empty: earlier backups stay
            } catch (IOException ignored) {
                // best effort: a stray backup holds nothing the user did not already have
            }
        }
    }

    private void parse(Parsed target, ZoneId zone, Instant now, Pricer pricer, Sink sink, Backup backup) {
        MessageDigest sha = sha256();
        String name = target.file.toString();
        boolean progress = environment().stderrIsTerminal();
        InputStream source;
        try {
            source = Files.newInputStream(target.file);
        } catch (IOException e) {
            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, name + ": cannot read: " + e.getMessage(), e);
        }
        if (backup != null) {
            source = new TeeInputStream(source, backup.out());
        }
        try (InputStream in = new DigestInputStream(new BufferedInputStream(source, 1 << 16), sha)) {
            UsageLog.read(in, target.shape, name, new UsageLog.Visitor() {
                @Override
                public void record(JsonNode node, String user, long position, String where) throws IOException {
                    IncomingCall call;
                    try {
                        call = ImportedRecord.of(node, user, position, where, project, zone, now);
                    } catch (LlmcostException e) {
                        if (!skipInvalid) {
                            throw e;
                        }
                        target.skipped.add(e.getMessage());
                        return;
                    }
                    UsageEvent event = CallRecorder.priced(call, pricer);
                    if (!sink.accept(event)) {
                        return;
                    }
                    target.records++;
                    long cost = event.costUsd() == null ? 0 : Money.toNanos(event.costUsd());
                    target.sums.merge(event.origin().userOrEmpty(),
                            new Sums(1, event.tokens().input(), event.tokens().output(), cost), Sums::plus);
                    if (progress && target.records % 100_000 == 0) {
                        err().print("\r" + name + ": " + Numbers.count(target.records) + " records");
                        err().flush();
                    }
                }

                @Override
                public void limits(String user, JsonNode limits, String where) {
                    addLimit(target, user, limits, "daily", BudgetPeriod.DAILY, where);
                    addLimit(target, user, limits, "monthly", BudgetPeriod.MONTHLY, where);
                }
            });
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            if (e.getCause() instanceof java.sql.SQLException sql) {
                throw new LlmcostException(LlmcostException.EXIT_RUNTIME, "database: " + sql.getMessage(), sql);
            }
            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, name + ": cannot read: " + e.getMessage(), e);
        }
        if (progress && target.records >= 100_000) {
            err().println();
        }
        target.sha256 = HexFormat.of().formatHex(sha.digest());
        if (!target.skipped.isEmpty()) {
            err().println("llmcost: skipped " + target.skipped.size() + " invalid record(s) in " + name + ":");
            target.skipped.forEach(s -> err().println("  " + s));
        }
    }

    private static void addLimit(Parsed target, String user, JsonNode limits, String field, BudgetPeriod period,
                                 String where) {
        JsonNode value = limits.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber() || value.decimalValue().signum() <= 0) {
            throw LlmcostException.usage(where + "." + field + ": a limit must be a positive number, got " + value);
        }
        target.limits.add(new Budget(Budget.Scope.USER, user, period, value.decimalValue(), 80));
    }

    private UsageLog.Shape detect(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return UsageLog.detect(in, file.toString());
        } catch (IOException e) {
            throw new LlmcostException(LlmcostException.EXIT_RUNTIME, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkReadable(Path file) {
        if (Files.isDirectory(file)) {
            throw LlmcostException.usage(file + ": is a directory, not a JSON file");
        }
        if (!Files.exists(file)) {
            throw LlmcostException.usage(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw LlmcostException.usage(file + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw LlmcostException.usage(file + ": not readable");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void printSummaries(List<Parsed> files) {
        ImportSummary.print(out(), format.format, dryRun, files.stream().map(p -> new ImportSummary.File(p.file,
                p.shape.cliName(), p.sha256, p.records, p.stored == null ? null : p.added, p.backup, p.limits.size(),
                p.skipped, p.sums, p.stored)).toList());
    }

    /** Copies every byte read to {@code copy}: the backup is exactly what was parsed. */
    private static final class TeeInputStream extends java.io.FilterInputStream {
        private final java.io.OutputStream copy;

        TeeInputStream(InputStream in, java.io.OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                copy.write(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = n <= 0 ? 0 : read(buffer, 0, buffer.length); // read, so the copy holds the skipped bytes
            return Math.max(read, 0);
        }
    }
}
