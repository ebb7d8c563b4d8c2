package dev.llmcost.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The complete lines of a file from a byte offset, read a block at a time; a last line without its
 * newline is not returned (it is left for the next run). A line is {@code buffer()[off(), off()+length())}.
 */
final class LineReader implements AutoCloseable {
    private final FileChannel channel;
    private byte[] buffer = new byte[1 << 16];
    /** File position of buffer[0]. */
    private long bufferPosition;
    private int start;
    private int scan;
    private int limit;
    private boolean eof;
    private int lineOff;
    private int lineLength;
    private long linePosition;

    LineReader(Path file, long from) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(from);
        bufferPosition = from;
    }

    /** Moves to the next complete line; false at the end or before an unfinished line. */
    boolean next() throws IOException {
        while (true) {
            byte[] b = buffer;
            for (int i = scan; i < limit; i++) {
                if (b[i] == '\n') {
                    lineOff = start;
                    lineLength = i - start;
                    linePosition = bufferPosition + start;
                    start = i + 1;
                    scan = start;
                    return true;
                }
            }
            scan = limit;
            if (eof || !fill()) {
                return false;
            }
        }
    }

    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            bufferPosition += start;
            limit -= start;
            scan -= start;
            start = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit));
        if (read < 0) {
            eof = true;
            return false;
        }
        limit += read;
        return true;
    }

    byte[] buffer() {
        return buffer;
    }

    int off() {
        return lineOff;
    }

    int length() {
        return lineLength;
    }

    /** The file position where the current line starts. */
    long position() {
        return linePosition;
    }

    /** The file position just after the last complete line returned: where the next run resumes. */
    long end() {
        return bufferPosition + start;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
