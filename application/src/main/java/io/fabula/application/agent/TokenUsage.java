package io.fabula.application.agent;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one call cost and how long it took: the figures of an {@code agent_runs} row and of the budget
 * ledger (cost = tokens × the model's price, computed by the caller from its price table).
 *
 * @param model            the model that answered (as the provider names it)
 * @param tokensIn         prompt tokens
 * @param tokensOut        completion tokens (so far, for a failed call)
 * @param reported         {@code true} when the provider counted the tokens; {@code false} when they are
 *                         estimated (the stream carried no usage, or it was cut before it)
 * @param latency          from the request to the last byte (or to the failure)
 * @param timeToFirstToken from the request to the first delta; empty when none arrived
 */
public record TokenUsage(
        String model, int tokensIn, int tokensOut, boolean reported,
        Duration latency, Optional<Duration> timeToFirstToken) {

    public TokenUsage {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(timeToFirstToken, "time to first token");
        if (tokensIn < 0 || tokensOut < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** A rough count for text a provider did not count: about four characters a token, at least one per delta. */
    public static int estimateTokens(String text) {
        return text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
    }
}
