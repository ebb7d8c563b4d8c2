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
    private final int maxLine;
    /** File position where the over-long line being skipped starts; -1 when not skipping. */
    private long skipFrom = -1;
    private long skipped;

    /** Lines up to {@code maxLine} bytes are returned; longer ones are skipped without being held in memory. */
    LineReader(Path file, long from, int maxLine) throws IOException {
        this.maxLine = maxLine;
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
                    if (skipFrom >= 0) {
                        skipFrom = -1;
                        skipped++;
                        start = i + 1;
                        scan = start;
                        continue;
                    }
                    lineOff = start;
                    lineLength = i - start;
                    linePosition = bufferPosition + start;
                    start = i + 1;
                    scan = start;
                    return true;
                }
            }
            scan = limit;
            if (skipFrom < 0 && limit - start >= maxLine) {
                skipFrom = bufferPosition + start;
            }
            if (skipFrom >= 0) { // drop what was scanned of the over-long line
                bufferPosition += limit;
                start = 0;
                scan = 0;
                limit = 0;
            }
            if (eof || !fill()) {
                return false;
            }
        }
    }

    /** Lines longer than the limit that were passed over unread. */
    long skipped() {
        return skipped;
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
        return skipFrom >= 0 ? skipFrom : bufferPosition + start;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
