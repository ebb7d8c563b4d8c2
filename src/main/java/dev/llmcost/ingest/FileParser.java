package dev.llmcost.ingest;

import dev.llmcost.store.IngestStore.FileState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Turns one log file's bytes into calls; made per file by {@link AgentLog#open}, so it may keep that file's state. */
public interface FileParser {
    /**
     * {@link AgentLog.ReadMode#APPEND}: one complete line (without its newline) is {@code buf[off, off+len)},
     * starting at byte {@code position} of the file. Emits zero or more calls. {@code buf} is reused after
     * the call returns: copy what you keep.
     *
     * @throws UnreadableLine when the line is not JSON or its usage fields are broken (counted and skipped)
     */
    void line(byte[] buf, int off, int len, long position, Consumer<AgentCall> out) throws UnreadableLine;

    /** {@link AgentLog.ReadMode#WHOLE}: every call in the file. */
    default void whole(Path file, Consumer<AgentCall> out) throws IOException, UnreadableLine {
        throw new UnsupportedOperationException("whole-file reading");
    }

    /**
     * {@link AgentLog.ReadMode#SINCE}: the calls written since the last read, whose state is {@code previous}
     * (null: never read): its size and modification time then, and as its offset the position this method
     * returned. Returns the position to commit with the calls; rows read again are harmless (keys).
     */
    default long since(Path file, FileState previous, Consumer<AgentCall> out) throws IOException, UnreadableLine {
        throw new UnsupportedOperationException("reading since a position");
    }

    /**
     * APPEND: true when the lines before the resume offset must be replayed (their calls dropped) to rebuild
     * this parser's context, e.g. Codex's model from the latest {@code turn_context}.
     */
    default boolean needsEarlierLines() {
        return false;
    }

    /**
     * WHOLE, asked after {@link #whole}: true when the file held usage that is not final yet (a session row still
     * growing), left out of what {@code whole} emitted; the file is then read again at the next ingest even if it
     * has not changed, so that usage is stored once it is final.
     */
    default boolean readAgain() {
        return false;
    }
}
