package dev.llmcost.ingest;

import java.util.List;
import java.util.Optional;

/** Every agent log llmcost reads: `ingest NAME`, `ingest` and `ingest --list` all come from this list. */
public final class AgentLogs {
    /** The four llmcost read first, then the others in the order ccusage 20.0.24's help lists them. */
    public static final List<AgentLog> ALL = List.of(
            new ClaudeCodeLog(),
            new CodexLog(),
            new GeminiCliLog(),
            new OpenCodeLog(),
            new AmpLog(),
            new DroidLog(),
            new CodebuffLog(),
            new HermesLog(),
            new PiLog(),
            new GooseLog(),
            new KiloLog(),
            new CopilotLog(),
            new AntigravityLog(),
            new KimiLog(),
            new QwenLog(),
            new OpenClawLog(),
            new GrokLog(),
            new ZCodeLog());

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
