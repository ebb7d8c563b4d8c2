package dev.llmcost.capture;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one check for a count read from JSON (tokens, milliseconds): every reader words a bad one the same way.
 * Absent or {@code null} is 0; anything else must be a whole number from 0 to {@link Long#MAX_VALUE}.
 */
public final class TokenCount {
    private TokenCount() {
    }

    /**
     * The count in {@code value} (0 when absent or null).
     *
     * @param name what the user calls the field, e.g. {@code usage.prompt_tokens}
     * @throws IllegalArgumentException "NAME must be a non-negative whole number, got VALUE"; callers add where
     */
    public static long read(JsonNode value, String name) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw refused(name, value.toString());
        }
        return value.asLong();
    }

    /**
     * A count that the reader adds to others (input + cache + output, totals): as {@link #read}, and at most
     * {@code Long.MAX_VALUE / 8}, so that no sum of a handful of them can overflow.
     */
    public static long readAddable(JsonNode value, String name) {
        long count = read(value, name);
        if (count > Long.MAX_VALUE / 8) {
            throw refused(name, value.toString());
        }
        return count;
    }

    /** The one wording for a refused count, for readers that do not hold a {@link JsonNode}. */
    public static IllegalArgumentException refused(String name, String value) {
        return new IllegalArgumentException(name + " must be a non-negative whole number, got " + value);
    }
}
