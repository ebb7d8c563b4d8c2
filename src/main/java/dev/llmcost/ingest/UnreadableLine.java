package dev.llmcost.ingest;

/** A log line (or whole file) that is not valid JSON or has broken usage fields: counted and skipped. */
public final class UnreadableLine extends Exception {
    public UnreadableLine(String message) {
        super(message, null, false, false);
    }
}
