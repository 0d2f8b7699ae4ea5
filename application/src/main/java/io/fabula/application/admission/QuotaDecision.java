package io.fabula.application.admission;

import java.time.Duration;
import java.util.Objects;

/** What the quota says about one request. */
public sealed interface QuotaDecision {

    /** @param remaining requests still allowed in the current window */
    record Allowed(long limit, long remaining) implements QuotaDecision { }

    /** @param retryAfter until the window ends, at least one second (the {@code Retry-After} header) */
    record Exhausted(long limit, Duration retryAfter) implements QuotaDecision {
        public Exhausted {
            Objects.requireNonNull(retryAfter, "retry after");
            if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
                retryAfter = Duration.ofSeconds(1);
            }
        }

        /** Whole seconds, rounded up: a client that waits this long is admitted again. */
        public long retryAfterSeconds() {
            long seconds = retryAfter.getSeconds();
            return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
        }
    }

    /** Counts the request against {@code limit} in a window with {@code remainingWindow} left. */
    static QuotaDecision of(long count, long limit, Duration remainingWindow) {
        return count <= limit ? new Allowed(limit, limit - count) : new Exhausted(limit, remainingWindow);
    }
}
