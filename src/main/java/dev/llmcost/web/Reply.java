package dev.llmcost.web;

/**
 * An API answer: the HTTP status and a JSON document, or (OTLP's protobuf answers) bytes of another
 * content type.
 */
public record Reply(int status, String json, String contentType, byte[] bytes) {
    public Reply(int status, String json) {
        this(status, json, null, null);
    }

    public static Reply bytes(int status, String contentType, byte[] bytes) {
        return new Reply(status, null, contentType, bytes);
    }

    /** A JSON error document: {@code {"error": message}}. */
    public static Reply error(int status, String message) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : message.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '<' -> quoted.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return new Reply(status, "{\"error\": " + quoted.append('"') + "}\n");
    }
}
