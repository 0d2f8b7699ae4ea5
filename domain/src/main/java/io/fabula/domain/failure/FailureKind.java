package io.fabula.domain.failure;

/**
 * The taxonomy of SPEC §2 as a lookup table: every failure anywhere in Fabula is one of these kinds,
 * so its HTTP status, its retry and its dead-letter routing are read here, never guessed.
 */
public enum FailureKind {
    //                    HTTP  retry rule                          dead-letter topic
    VALIDATION(           422, RetryRule.NEVER,                     DeadLetterRule.IMMEDIATELY),
    UNAUTHORIZED(         401, RetryRule.NEVER,                     DeadLetterRule.IMMEDIATELY),
    FORBIDDEN(            403, RetryRule.NEVER,                     DeadLetterRule.IMMEDIATELY),
    NOT_FOUND(            404, RetryRule.NEVER,                     DeadLetterRule.IMMEDIATELY),
    CONFLICT(             409, RetryRule.NEVER,                     DeadLetterRule.NEVER),
    RATE_LIMITED(         429, RetryRule.AFTER_RETRY_AFTER,         DeadLetterRule.WHEN_RETRIES_EXHAUSTED),
    FEATURE_DISABLED(     503, RetryRule.WHEN_SWITCHED_ON,          DeadLetterRule.IMMEDIATELY),
    BUDGET_EXCEEDED(      503, RetryRule.WHEN_BUDGET_RESETS,        DeadLetterRule.IMMEDIATELY),
    TRANSIENT(            503, RetryRule.EXPONENTIAL_BACKOFF,       DeadLetterRule.WHEN_RETRIES_EXHAUSTED),
    POISON(               422, RetryRule.NEVER,                     DeadLetterRule.IMMEDIATELY),
    QUALITY_REJECTED(     422, RetryRule.REGENERATION_SCHEDULE,     DeadLetterRule.WHEN_RETRIES_EXHAUSTED);

    private final int httpStatus;
    private final RetryRule retryRule;
    private final DeadLetterRule deadLetterRule;

    FailureKind(int httpStatus, RetryRule retryRule, DeadLetterRule deadLetterRule) {
        this.httpStatus = httpStatus;
        this.retryRule = retryRule;
        this.deadLetterRule = deadLetterRule;
    }

    /** The status of the problem+json answer. VALIDATION answers 400 instead when the body is malformed. */
    public int httpStatus() {
        return httpStatus;
    }

    public RetryRule retryRule() {
        return retryRule;
    }

    public DeadLetterRule deadLetterRule() {
        return deadLetterRule;
    }

    /** Whether Fabula retries on its own; FEATURE_DISABLED and BUDGET_EXCEEDED wait for an operator. */
    public boolean retryable() {
        return retryRule.automatic();
    }

    /** How a failing message or task is retried, if at all. */
    public enum RetryRule {
        NEVER(false),
        /** after the delay the other side asked for (HTTP Retry-After), at most {@link RetryPolicy#MAX_RETRIES} times */
        AFTER_RETRY_AFTER(true),
        /** after {@link Backoff#delay}, at most {@link RetryPolicy#MAX_RETRIES} times */
        EXPONENTIAL_BACKOFF(true),
        /** after the quality policy's regeneration delays (5 s / 15 s / 30 s), at most 3 times */
        REGENERATION_SCHEDULE(true),
        /** not until an operator (or the automatic trip's recovery) switches the feature on */
        WHEN_SWITCHED_ON(false),
        /** not until the daily LLM budget resets at 00:00 UTC or an admin raises it */
        WHEN_BUDGET_RESETS(false);

        private final boolean automatic;

        RetryRule(boolean automatic) {
            this.automatic = automatic;
        }

        public boolean automatic() {
            return automatic;
        }
    }

    /** Whether an asynchronous task that failed this way goes to its {@code <topic>.DLT}. */
    public enum DeadLetterRule {
        /** the failure is an expected race (a stale result); the message is dropped and logged */
        NEVER,
        /** retrying cannot help (or must wait for a human): park it at once for inspection and replay */
        IMMEDIATELY,
        /** only once the automatic retries are used up */
        WHEN_RETRIES_EXHAUSTED
    }
}
