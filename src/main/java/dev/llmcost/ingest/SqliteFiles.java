package dev.llmcost.ingest;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agents that keep a SQLite database (Goose, Kilo, Hermes) share: the files to watch and the reading of
 * loosely typed column values. Such a database is usually in WAL mode, so its {@code -wal} file is listed too when it
 * holds pages (new rows sit there until SQLite checkpoints them); either changing reads the database again whole.
 */
final class SqliteFiles {
    /** 9999-12-31T23:59:59.999Z: later times would not sort as text in the database. */
    private static final long LAST_MILLIS = 253_402_300_799_999L;

    private SqliteFiles() {
    }

    /** {@code database} and its non-empty {@code -wal}, when the database exists; added to {@code files}. */
    static void addWithWal(Path database, List<Path> files) throws IOException {
        if (!Files.isRegularFile(database) || files.contains(database)) {
            return;
        }
        files.add(database);
        Path wal = database.resolveSibling(database.getFileName() + "-wal");
        if (Files.isRegularFile(wal) && Files.size(wal) > 0) {
            files.add(wal);
        }
    }

    static List<Path> withWal(Path database) throws IOException {
        List<Path> files = new ArrayList<>();
        addWithWal(database, files);
        return files;
    }

    /** The database a listed file stands for: itself, or the database of a {@code -wal} file. */
    static Path database(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith("-wal") ? file.resolveSibling(name.substring(0, name.length() - 4)) : file;
    }

    /** A token count from a column: a whole number above 0, else 0 (a real is cut to its whole part). */
    static long count(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return Math.max(0, ((Number) value).longValue());
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return Double.isFinite(d) && d > 0 ? (long) Math.min(d, Long.MAX_VALUE) : 0;
        }
        return 0;
    }

    /** A count that may be absent: null when the column is missing, not a number or not above 0. */
    static Long positive(Object value) {
        long count = count(value);
        return count > 0 ? count : null;
    }

    /** Trimmed text, or null when absent or blank. */
    static String text(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        return s.trim();
    }

    /** A cost from a column, or null when absent, not a number or not above 0. */
    static BigDecimal cost(Object value) {
        if (!(value instanceof Number number)) {
            return null;
        }
        double d = number.doubleValue();
        return Double.isFinite(d) && d > 0 && d < 1_000_000 ? BigDecimal.valueOf(d) : null;
    }

    /** Seconds or milliseconds since the epoch (above 10^12 is milliseconds), or null when not a usable time. */
    static Instant epoch(double value) {
        if (!Double.isFinite(value)) {
            return null;
        }
        double millis = value > 1e12 ? value : value * 1000;
        return millis > 0 && millis <= LAST_MILLIS ? Instant.ofEpochMilli((long) millis) : null;
    }

    /**
     * A time column: a number (seconds, or milliseconds above 10^12), an ISO-8601 time with an offset, a
     * {@code YYYY-MM-DD HH:MM:SS[.fff]} in UTC (SQLite's CURRENT_TIMESTAMP) or a bare date; null otherwise.
     */
    static Instant time(Object value) {
        if (value instanceof Number number) {
            return epoch(number.doubleValue());
        }
        String text = text(value);
        if (text == null) {
            return null;
        }
        if (text.matches("-?\\d+(\\.\\d+)?")) {
            return epoch(Double.parseDouble(text));
        }
        try {
            if (text.length() == 10) {
                return check(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + "T" + text.substring(11) : text;
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return check(OffsetDateTime.parse(iso.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant());
            }
            return check(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant check(Instant at) {
        return at.toEpochMilli() > 0 && at.toEpochMilli() <= LAST_MILLIS ? at : null;
    }

    /** The last part of a directory path, or null. */
    static String lastPart(String dir) {
        if (dir == null) {
            return null;
        }
        String trimmed = dir.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        String name = trimmed.substring(slash + 1);
        return name.isBlank() ? null : name;
    }
}
