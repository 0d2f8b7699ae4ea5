package io.fabula.domain.failure;

import java.time.Duration;
import java.util.Objects;

/** What to do with a task or message that just failed. */
public sealed interface RetryDecision {

    /** Try again after {@code delay}; {@code retry} counts the retries, 1 for the first. */
    record Retry(Duration delay, int retry) implements RetryDecision {
        public Retry {
            Objects.requireNonNull(delay, "delay");
            if (retry < 1) {
                throw new IllegalArgumentException("retry counts from 1");
            }
        }
    }

    /** Park it on {@code <topic>.DLT} with this reason in the headers. */
    record DeadLetter(String reason) implements RetryDecision {
        public DeadLetter {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Drop it (and log): the failure says the work is obsolete, e.g. a stale result. */
    record Discard(String reason) implements RetryDecision {
        public Discard {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
