package dev.llmcost.capture;

import dev.llmcost.model.LlmcostException;

/** Checks the free-text values a user names things with: model, project, user, session … */
public final class TextFields {
    public static final int MAX_LENGTH = 512;

    private TextFields() {
    }

    /**
     * {@code value} unchanged, or null when absent; refuses empty and over-long text and control
     * characters other than newline and tab (those round-trip; tables show them escaped).
     */
    public static String check(String flag, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw LlmcostException.usage(flag + ": must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw LlmcostException.usage(flag + ": longer than " + MAX_LENGTH + " characters ("
                    + value.length() + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isRefusedControl(c)) {
                throw LlmcostException.usage(flag + ": contains a control character (code " + (int) c
                        + ") at position " + (i + 1));
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1)) || Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(value.charAt(i - 1)))) {
                throw LlmcostException.usage(flag + ": is not valid Unicode text");
            }
        }
        return value;
    }

    public static boolean isRefusedControl(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
    }
}
