package dev.llmcost.ingest;

/** A log line (or whole file) that is not valid JSON or has broken usage fields: counted and skipped. */
public final class UnreadableLine extends Exception {
    private final boolean counted;

    public UnreadableLine(String message) {
        this(message, true);
    }

    private UnreadableLine(String message, boolean counted) {
        super(message, null, false, false);
        this.counted = counted;
    }

    /**
     * A whole file that is readable but not final yet (e.g. a session still running whose figures are running
     * totals): nothing is stored, the file is read again on the next run, and it is not counted unreadable.
     */
    public static UnreadableLine notYet(String why) {
        return new UnreadableLine(why, false);
    }

    /** False for {@link #notYet}. */
    public boolean counted() {
        return counted;
    }
}
