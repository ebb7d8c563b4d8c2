package dev.llmcost.ingest;

/**
 * The protobuf wire format, just enough to find a field in a message without its schema: varints,
 * length-delimited fields (strings, bytes, nested messages) and fixed 32/64-bit values skipped. A field written
 * twice: the first nested message counts, but the last number (as ccusage 20.0.24 reads Antigravity's blobs).
 */
final class ProtobufWire {
    /** A message that is not valid protobuf. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** A slice of a byte array: a message, or a length-delimited field's bytes. */
    record Bytes(byte[] buf, int off, int len) {
        static Bytes of(byte[] buf) {
            return new Bytes(buf, 0, buf.length);
        }
    }

    private ProtobufWire() {
    }

    /** The first length-delimited field {@code number} of {@code message}, or null. */
    static Bytes message(Bytes message, int number) throws Malformed {
        return (Bytes) find(message, number, LENGTH_DELIMITED, false);
    }

    /** The last varint field {@code number} of {@code message}, or 0 when absent. */
    static long varint(Bytes message, int number) throws Malformed {
        Object value = find(message, number, VARINT, true);
        return value == null ? 0 : (Long) value;
    }

    /** Checks that every field of {@code message} is well formed. */
    static void check(Bytes message) throws Malformed {
        find(message, -1, -1, false);
    }

    private static Object find(Bytes message, int number, int wanted, boolean last) throws Malformed {
        byte[] buf = message.buf();
        int[] pos = {message.off()};
        int end = message.off() + message.len();
        Object found = null;
        while (pos[0] < end) {
            long key = readVarint(buf, pos, end);
            long field = key >>> 3;
            int type = (int) (key & 7);
            if (field == 0) {
                throw new Malformed("protobuf field number is zero");
            }
            if (field > 0x1FFF_FFFFL) {
                throw new Malformed("protobuf field number overflow");
            }
            Object value;
            switch (type) {
                case VARINT -> value = readVarint(buf, pos, end);
                case FIXED64 -> value = skip(pos, end, 8);
                case FIXED32 -> value = skip(pos, end, 4);
                case LENGTH_DELIMITED -> {
                    long length = readVarint(buf, pos, end);
                    if (length > end - pos[0]) {
                        throw new Malformed("truncated protobuf length-delimited value");
                    }
                    value = new Bytes(buf, pos[0], (int) length);
                    pos[0] += (int) length;
                }
                default -> throw new Malformed("unsupported protobuf wire type");
            }
            if ((found == null || last) && field == number && type == wanted) {
                found = value;
            }
        }
        return found;
    }

    private static Object skip(int[] pos, int end, int width) throws Malformed {
        if (end - pos[0] < width) {
            throw new Malformed("truncated protobuf fixed-width value");
        }
        pos[0] += width;
        return null;
    }

    private static long readVarint(byte[] buf, int[] pos, int end) throws Malformed {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= end) {
                throw new Malformed("truncated protobuf varint");
            }
            byte b = buf[pos[0]++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new Malformed("protobuf varint overflow");
    }
}
