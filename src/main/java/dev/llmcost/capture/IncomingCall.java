package dev.llmcost.capture;

import dev.llmcost.model.Origin;
import dev.llmcost.model.Tokens;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One call as its source read it and checked it: everything a stored event holds except its price.
 * Every source (record's flags, an HTTP body, an agent's log line, an old cost log) makes these, and
 * {@link CallRecorder#priced} turns each into the event that is stored.
 *
 * @param provider     null when the source does not say: inferred from the model
 * @param givenCostUsd a cost the source carries (it wins over the price table), or null
 * @param givenBy      where a given cost came from, as the stored cost basis names it ({@code --cost}, {@code costUSD} …)
 * @param key          the call's unique key from the source's own ids, or null when it has none
 */
public record IncomingCall(Instant at, String project, String provider, String model, Tokens tokens,
                           BigDecimal givenCostUsd, String givenBy, Origin origin, Long durationMs, String key,
                           Map<String, String> tags) {
}
