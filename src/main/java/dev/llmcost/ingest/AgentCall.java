package dev.llmcost.ingest;

import dev.llmcost.model.Tokens;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One API call found in an agent's log.
 *
 * @param key      unique and stable across re-reads, prefixed with the agent's name ("codex:…")
 * @param provider the pricing provider: "anthropic", "openai", "google", …
 * @param costUsd  the log's own cost for the call, or null (then the price table prices it)
 * @param session  the agent's session id, or null
 * @param project  the project's name (usually the last part of the working directory), or null for the file's directory name
 * @param tags     extra facts worth keeping (e.g. subagent=true)
 */
public record AgentCall(String key, Instant at, String provider, String model, Tokens tokens, BigDecimal costUsd,
                        String session, String project, Map<String, String> tags) {
    public AgentCall {
        tags = tags == null ? Map.of() : tags;
    }
}
