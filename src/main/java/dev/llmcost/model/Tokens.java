package dev.llmcost.model;

/**
 * Token counts of one call. {@code input} excludes cached input (cache writes and reads are
 * counted apart, as Anthropic reports them); {@code reasoning} is the part of {@code output}
 * spent on reasoning, as OpenAI reports it, so it is never priced a second time.
 * {@code cacheWrite1h} is the part of {@code cacheWrite} written to Anthropic's 1-hour cache
 * (priced apart, at 2x the input price).
 */
public record Tokens(long input, long output, long cacheWrite, long cacheRead, long reasoning, long cacheWrite1h) {
    public static final Tokens ZERO = new Tokens(0, 0, 0, 0, 0);

    public Tokens(long input, long output, long cacheWrite, long cacheRead, long reasoning) {
        this(input, output, cacheWrite, cacheRead, reasoning, 0);
    }

    public Tokens {
        requireNonNegative("1-hour cache write", cacheWrite1h);
        if (cacheWrite1h > cacheWrite) {
            throw new IllegalArgumentException("1-hour cache write tokens (" + cacheWrite1h
                    + ") cannot exceed cache write tokens (" + cacheWrite + ")");
        }
        requireNonNegative("input", input);
        requireNonNegative("output", output);
        requireNonNegative("cache write", cacheWrite);
        requireNonNegative("cache read", cacheRead);
        requireNonNegative("reasoning", reasoning);
    }

    private static void requireNonNegative(String kind, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(kind + " tokens must not be negative: " + count);
        }
    }

    public long total() {
        return input + output + cacheWrite + cacheRead;
    }
}
