package io.fabula.application.notification;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sender works.
 *
 * @param batchSize        rows claimed per round and channel
 * @param pollInterval     the pause between rounds when there was nothing to do
 * @param lease            how long a claimed row is held before another sender may take it (longer than one send)
 * @param breakerThreshold consecutive SMTP failures tolerated; the next one trips {@code EMAIL_ENABLED} (3)
 * @param digestHour       the hour of the day (UTC, 0–23) from which the day's digest is composed
 */
public record NotificationSettings(int batchSize, Duration pollInterval, Duration lease, int breakerThreshold,
                                   int digestHour) {
    public NotificationSettings {
        Objects.requireNonNull(pollInterval, "poll interval");
        Objects.requireNonNull(lease, "lease");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (breakerThreshold < 1) {
            throw new IllegalArgumentException("breaker threshold must be at least 1");
        }
        if (digestHour < 0 || digestHour > 23) {
            throw new IllegalArgumentException("digest hour must be within 0..23: " + digestHour);
        }
    }
}
