package io.fabula.application.agent;

import io.fabula.application.orchestration.Capability;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One call of an agent to the language model: an {@code agent_runs} row (SPEC §3 step 5).
 *
 * @param taskId the task it served (the id of the event that caused the task)
 * @param cost   USD, tokens × the model's price ({@link io.fabula.application.budget.PriceTable})
 * @param error  the failure kind and reason of a call that did not succeed; null otherwise
 */
public record AgentRun(Capability capability, String model, SessionId sessionId, String taskId, int tokensIn,
                       int tokensOut, BigDecimal cost, Duration latency, Status status, String error,
                       CorrelationId correlationId, Instant startedAt) {

    public AgentRun {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(taskId, "task id");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(correlationId, "correlation id");
        Objects.requireNonNull(startedAt, "started at");
        if (tokensIn < 0 || tokensOut < 0 || cost.signum() < 0) {
            throw new IllegalArgumentException("tokens and cost must not be negative");
        }
    }

    /** How the call ended, as {@code agent_runs.status} spells it. */
    public enum Status {
        /** the answer was used */
        SUCCEEDED,
        /** failed; the task was not retried after it (a stale or refused task) */
        FAILED,
        /** failed; the task was tried again after a backoff */
        RETRIED,
        /** failed; the task was parked on its DLT */
        DEAD_LETTERED
    }
}
