package dev.llmcost.capture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One call as a user or a client gave it, field by field, before any check: record's flags, a field of
 * {@code POST /api/usage}'s body. Null means not given. {@link CallRecorder#events} checks and prices it.
 * A plain form with open fields, filled by whichever reader saw the input.
 */
public final class CallRequest {
    public String model;
    public String provider;
    public String project;
    public Long inputTokens;
    public Long outputTokens;
    public Long cacheWriteTokens;
    public Long cacheWrite1hTokens;
    public Long cacheReadTokens;
    public Long reasoningTokens;
    public String cost;
    public String user;
    public String session;
    public String agent;
    public String task;
    public String run;
    public String requestType;
    public Long durationMs;
    public String at;
    public String id;
    public Map<String, String> tags = new LinkedHashMap<>();
    /** Where provider JSON came from ("response.json", "stdin", "body"), or null when the tokens are fields. */
    public String jsonSource;
    /** How a field is named in messages: the flag ("--input-tokens") or the body's field ("[2].input_tokens"). */
    public Function<String, String> name = flag -> flag;
}
