package dev.llmcost.ingest;

import java.util.List;
import java.util.Optional;

/** Every agent log llmcost reads: `ingest NAME`, `ingest` and `ingest --list` all come from this list. */
public final class AgentLogs {
    public static final List<AgentLog> ALL = List.of(
            new ClaudeCodeLog(),
            new CodexLog(),
            new GeminiCliLog(),
            new OpenCodeLog(),
            new PiLog(),
            new QwenLog(),
            new KimiLog(),
            new OpenClawLog());

    private AgentLogs() {
    }

    /** (A loop, not a stream: {@code ingest AGENT} runs on the start-up fast path.) */
    public static Optional<AgentLog> byName(String name) {
        for (AgentLog log : ALL) {
            if (log.name().equals(name)) {
                return Optional.of(log);
            }
        }
        return Optional.empty();
    }
}
