package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The hot degrade switches (SPEC §8). Values themselves are not configuration: they live in PostgreSQL
 * ({@code feature_flags}); the environment variables {@code FABULA_SWITCH_<NAME>=true|false} are only the
 * fallback (see docs/operations.md for the precedence).
 *
 * @param refreshInterval how often every process re-reads the store as a safety net under the Redis
 *                        broadcast; at most 2 s so a missed broadcast is still applied within SPEC's 2 s
 * @param channel         the Redis pub/sub channel of switch changes
 */
public record SwitchesConfig(
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
        @MaxDuration(value = 2, unit = TimeUnit.SECONDS) Duration refreshInterval,
        @NotBlank String channel) {

    public java.time.Duration refresh() {
        return java.time.Duration.ofMillis(refreshInterval.toMilliseconds());
    }
}
