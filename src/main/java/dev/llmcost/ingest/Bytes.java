package dev.llmcost.ingest;

import java.nio.charset.StandardCharsets;

/** Byte searches that let a parser skip lines which cannot hold usage, before any JSON parsing. */
final class Bytes {
    private Bytes() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code needle} occurs in {@code buf[off, off+len)}. */
    static boolean contains(byte[] buf, int off, int len, byte[] needle) {
        return indexOf(buf, off, len, needle) >= 0;
    }

    /** The position of the first {@code needle} in {@code buf[off, off+len)}, or -1. */
    static int indexOf(byte[] buf, int off, int len, byte[] needle) {
        byte first = needle[0];
        int last = off + len - needle.length;
        outer:
        for (int i = off; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
