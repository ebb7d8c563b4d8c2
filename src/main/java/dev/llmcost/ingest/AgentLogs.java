package dev.llmcost.ingest;

import java.util.List;
import java.util.Optional;

/** Every agent log llmcost reads: `ingest NAME`, `ingest` and `ingest --list` all come from this list. */
public final class AgentLogs {
    public static final List<AgentLog> ALL = List.of(
            new ClaudeCodeLog());

    private AgentLogs() {
    }

    public static Optional<AgentLog> byName(String name) {
        return ALL.stream().filter(log -> log.name().equals(name)).findFirst();
    }
}
