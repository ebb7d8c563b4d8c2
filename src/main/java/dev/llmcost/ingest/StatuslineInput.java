package dev.llmcost.ingest;

/**
 * What the status line uses of Claude Code's statusLine JSON (read by {@link StatuslineJson}); absent,
 * blank or non-string fields are null.
 */
public record StatuslineInput(String model, String session, String transcript) {
}
