package dev.llmcost.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Canned provider responses (test resources beside this class), as the APIs send them. In a stream,
 * a {@code #PAUSE#} line marks where the fake upstream stops for a while, and the lines between
 * {@code #USAGE#} and {@code #END-USAGE#} are sent only when the request asked for usage
 * ({@code stream_options.include_usage}), as OpenAI does.
 */
public final class Canned {
    private Canned() {
    }

    public static String text(String name) {
        try (InputStream in = Canned.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no canned response " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stream's parts, split where the upstream pauses. */
    public static List<String> parts(String name, boolean withUsage) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean inUsage = false;
        for (String line : text(name).split("\n", -1)) {
            switch (line) {
                case "#PAUSE#" -> {
                    parts.add(part.toString());
                    part.setLength(0);
                }
                case "#USAGE#" -> inUsage = true;
                case "#END-USAGE#" -> inUsage = false;
                default -> {
                    if (!inUsage || withUsage) {
                        part.append(line).append('\n');
                    }
                }
            }
        }
        String last = part.toString();
        parts.add(last.endsWith("\n\n\n") ? last.substring(0, last.length() - 1) : last);
        return parts;
    }

    /** The whole stream as it is saved ({@code curl -N}): every part, no pause. */
    public static String stream(String name, boolean withUsage) {
        return String.join("", parts(name, withUsage));
    }
}
