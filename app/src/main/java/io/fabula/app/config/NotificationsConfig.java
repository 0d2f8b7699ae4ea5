package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.fabula.application.notification.NotificationSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * Notifications (SPEC §9, docs/notifications.md): the consumer that creates them from session events and the sender
 * that delivers them in-app (SSE) and by mail ({@code smtp:}).
 *
 * @param inProcess        whether {@code server} and {@code dev} run the consumer and the sender in their JVM (several
 *                         processes may: the consumer group shares the events, the sender's claims never overlap)
 * @param publicUrl        the writer-facing app's address; links in mails and notifications point under it
 * @param batchSize        rows claimed per round and channel
 * @param pollInterval     the sender's pause when there was nothing to do: the latency of an immediate mail
 * @param lease            how long a claimed row is held before another sender may take it; above the SMTP timeouts
 * @param breakerThreshold consecutive SMTP failures tolerated; the next trips {@code EMAIL_ENABLED} (3, SPEC §8)
 * @param digestHour       the hour (UTC, 0–23) from which each day's digest is composed
 */
public record NotificationsConfig(
        @NotNull Boolean inProcess,
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an absolute http(s) URL") String publicUrl,
        @NotNull @Min(1) @Max(1_000) Integer batchSize,
        @NotNull @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
        Duration pollInterval,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration lease,
        @NotNull @Min(1) Integer breakerThreshold,
        @NotNull @Min(0) @Max(23) Integer digestHour) {

    /** The use cases' settings (they know nothing of YAML). */
    public NotificationSettings settings() {
        return new NotificationSettings(batchSize, java(pollInterval), java(lease), breakerThreshold, digestHour);
    }

    private static java.time.Duration java(Duration duration) {
        return java.time.Duration.ofMillis(duration.toMilliseconds());
    }
}
