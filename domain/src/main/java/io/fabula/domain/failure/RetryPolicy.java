package io.fabula.domain.failure;

import java.time.Duration;
import java.util.List;

/**
 * Turns a classified failure into the next step for asynchronous work (agent tasks, consumed
 * events): retry after a delay, dead-letter, or discard. Pure: the jitter comes from the injected
 * {@link Backoff}, so the same inputs always give the same answer in tests.
 */
public final class RetryPolicy {
    /** Automatic retries of a TRANSIENT or RATE_LIMITED failure before the task goes to its DLT (SPEC §3). */
    public static final int MAX_RETRIES = 3;

    private final Backoff backoff;
    private final List<Duration> regenerationDelays;

    /**
     * @param regenerationDelays the quality policy's delays before regeneration 1, 2, 3 (5 s, 15 s, 30 s by default);
     *                           their count is the number of regenerations allowed
     */
    public RetryPolicy(Backoff backoff, List<Duration> regenerationDelays) {
        this.backoff = backoff;
        this.regenerationDelays = List.copyOf(regenerationDelays);
    }

    /**
     * @param failure      how the latest attempt failed
     * @param failedBefore how many earlier attempts of the same work already failed (0 after the first failure)
     */
    public RetryDecision next(Failure failure, int failedBefore) {
        if (failedBefore < 0) {
            throw new IllegalArgumentException("failedBefore must not be negative");
        }
        FailureKind kind = failure.kind();
        return switch (kind.retryRule()) {
            case EXPONENTIAL_BACKOFF -> failedBefore < MAX_RETRIES
                    ? new RetryDecision.Retry(backoff.delay(failedBefore), failedBefore + 1)
                    : exhausted(failure, MAX_RETRIES);
            case AFTER_RETRY_AFTER -> failedBefore < MAX_RETRIES
                    ? new RetryDecision.Retry(((Failure.RateLimited) failure).retryAfter(), failedBefore + 1)
                    : exhausted(failure, MAX_RETRIES);
            case REGENERATION_SCHEDULE -> failedBefore < regenerationDelays.size()
                    ? new RetryDecision.Retry(regenerationDelays.get(failedBefore), failedBefore + 1)
                    : exhausted(failure, regenerationDelays.size());
            case NEVER, WHEN_SWITCHED_ON, WHEN_BUDGET_RESETS -> kind.deadLetterRule() == FailureKind.DeadLetterRule.NEVER
                    ? new RetryDecision.Discard(kind + ": " + failure.reason())
                    : new RetryDecision.DeadLetter(kind + ": " + failure.reason());
        };
    }

    private static RetryDecision exhausted(Failure failure, int retries) {
        return new RetryDecision.DeadLetter(failure.kind() + " after " + retries + " retries: " + failure.reason());
    }
}
