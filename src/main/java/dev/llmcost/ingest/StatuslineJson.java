package dev.llmcost.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the status line's fields from Claude Code's statusLine JSON, by hand. Jackson's parser would
 * do, but setting it up (BigDecimal's static initialiser among it: ~20 ms of one core on JDK 21+) was
 * a sixth of the CPU of a refresh whose transcript had not grown. Strict JSON as RFC 8259 has it:
 * anything else is an {@link IOException}, and so is nesting deeper than {@link #MAX_DEPTH}.
 */
public final class StatuslineJson {
    public static final int MAX_DEPTH = 1000;

    private final String text;
    private int at;

    private StatuslineJson(String text) {
        this.text = text;
    }

    /** The fields of the JSON object the input starts with, or null when it does not start with one. */
    public static StatuslineInput read(byte[] json) throws IOException {
        StatuslineJson reader = new StatuslineJson(new String(json, StandardCharsets.UTF_8));
        reader.take('\uFEFF');
        reader.space();
        if (reader.at == reader.text.length() || reader.text.charAt(reader.at) != '{') {
            return null;
        }
        String[] fields = new String[3];
        reader.object(1, key -> {
            switch (key) {
                case "model" -> fields[0] = reader.model();
                case "session_id" -> fields[1] = reader.stringField(1);
                case "transcript_path" -> fields[2] = reader.stringField(1);
                default -> reader.skipValue(1);
            }
        });
        return new StatuslineInput(fields[0], fields[1], fields[2]);
    }

    private interface Field {
        void read(String key) throws IOException;
    }

    private interface Element {
        void read() throws IOException;
    }

    /** {@code {"id": …, "display_name": …}}: the display name, else the id; anything else: null. */
    private String model() throws IOException {
        if (current() != '{') {
            skipValue(1);
            return null;
        }
        String[] names = new String[2];
        object(2, key -> {
            switch (key) {
                case "display_name" -> names[0] = stringField(2);
                case "id" -> names[1] = stringField(2);
                default -> skipValue(2);
            }
        });
        return names[0] != null ? names[0] : names[1];
    }

    /** A string value that is not blank, else null (other kinds of value are read past). */
    private String stringField(int depth) throws IOException {
        if (current() != '"') {
            skipValue(depth);
            return null;
        }
        String value = string();
        return value.isBlank() ? null : value;
    }

    private void object(int depth, Field field) throws IOException {
        container('{', '}', depth, () -> {
            String key = string();
            space();
            expect(':');
            space();
            field.read(key);
        });
    }

    private void array(int depth) throws IOException {
        container('[', ']', depth, () -> skipValue(depth));
    }

    /** An object or array: its elements, comma-separated, between {@code open} and {@code close}. */
    private void container(char open, char close, int depth, Element element) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        expect(open);
        space();
        if (take(close)) {
            return;
        }
        do {
            space();
            element.read();
            space();
        } while (take(','));
        expect(close);
    }

    private void skipValue(int depth) throws IOException {
        switch (current()) {
            case '{' -> object(depth + 1, key -> skipValue(depth + 1));
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void literal(String word) throws IOException {
        if (!text.startsWith(word, at)) {
            throw error("expected " + word);
        }
        at += word.length();
    }

    private void number() throws IOException {
        take('-');
        if (!take('0')) {
            digits();
        }
        if (take('.')) {
            digits();
        }
        if (take('e') || take('E')) {
            if (!take('+')) {
                take('-');
            }
            digits();
        }
    }

    private void digits() throws IOException {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw error("expected a digit");
        }
    }

    private String string() throws IOException {
        expect('"');
        StringBuilder escaped = null;
        int start = at;
        while (true) {
            char c = next();
            if (c == '"') {
                return escaped == null ? text.substring(start, at - 1) : escaped.toString();
            }
            if (c < 0x20) {
                throw error("a control character in a string");
            }
            if (c != '\\') {
                if (escaped != null) {
                    escaped.append(c);
                }
                continue;
            }
            if (escaped == null) {
                escaped = new StringBuilder().append(text, start, at - 1);
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> escaped.append(e);
                case 'b' -> escaped.append('\b');
                case 'f' -> escaped.append('\f');
                case 'n' -> escaped.append('\n');
                case 'r' -> escaped.append('\r');
                case 't' -> escaped.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(next(), 16);
                        if (digit < 0) {
                            throw error("a bad \\u escape");
                        }
                        code = code * 16 + digit;
                    }
                    escaped.append((char) code);
                }
                default -> throw error("a bad escape");
            }
        }
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws IOException {
        if (!take(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private char current() throws IOException {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() throws IOException {
        char c = current();
        at++;
        return c;
    }

    private IOException error(String what) {
        return new IOException("statusLine JSON: " + what + " at character " + at);
    }
}
