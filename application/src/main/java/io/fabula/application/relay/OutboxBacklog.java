package io.fabula.application.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * What waits in the outbox, read at once for the metrics and alerts (SPEC §3 step 2, §10).
 *
 * @param pending          rows PENDING or SENDING
 * @param oldestPendingAge how long the oldest of them has waited since its command committed; zero when none
 * @param failed           rows given up on (FAILED after their retries): each needs an operator
 */
public record OutboxBacklog(long pending, Duration oldestPendingAge, long failed) {
    public static final OutboxBacklog EMPTY = new OutboxBacklog(0, Duration.ZERO, 0);

    public OutboxBacklog {
        Objects.requireNonNull(oldestPendingAge, "oldest pending age");
        if (pending < 0 || failed < 0 || oldestPendingAge.isNegative()) {
            throw new IllegalArgumentException("a backlog cannot be negative");
        }
    }
}
