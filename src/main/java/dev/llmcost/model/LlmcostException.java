package dev.llmcost.model;

/** A failure the user should see as one line on stderr, with the exit code DESIGN.md assigns to it. */
public final class LlmcostException extends RuntimeException {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_BUDGET_EXCEEDED = 3;
    public static final int EXIT_BUDGET_ALERT = 4;

    private final int exitCode;

    public LlmcostException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LlmcostException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static LlmcostException usage(String message) {
        return new LlmcostException(EXIT_USAGE, message);
    }

    public static LlmcostException runtime(String message, Throwable cause) {
        return new LlmcostException(EXIT_RUNTIME, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
