package io.fabula.application.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox relay runs (SPEC §3 step 2).
 *
 * @param batchSize    rows claimed per round trip (100)
 * @param pollInterval how long the relay sleeps when there is no wake-up signal; never above {@code maxDelay}
 * @param maxDelay     the longest a committed message may wait for the relay when every signal is lost (60 s)
 * @param lease        how long a claimed row stays SENDING before another relay may take it over
 * @param pendingBound pending messages above which an alert fires; commands are never refused for it (20 000)
 */
public record RelayConfig(int batchSize, Duration pollInterval, Duration maxDelay, Duration lease, long pendingBound) {
    public static final RelayConfig DEFAULTS = new RelayConfig(100, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofSeconds(60), 20_000);

    public RelayConfig {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(lease, "lease");
        if (batchSize < 1) {
            throw new IllegalArgumentException("relay batchSize must be at least 1, not " + batchSize);
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || pollInterval.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("relay pollInterval must be above zero and at most maxDelay ("
                    + maxDelay + "), not " + pollInterval);
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("relay lease must be at least 1 s, not " + lease);
        }
        if (pendingBound < 1) {
            throw new IllegalArgumentException("relay pendingBound must be at least 1, not " + pendingBound);
        }
    }
}
