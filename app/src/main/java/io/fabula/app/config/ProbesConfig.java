package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The dependency health checks on the admin port.
 *
 * @param deadline the longest a single dependency check may take; past it the check reports unhealthy
 *                 even if the client library ignores its own timeout. Keep it above each dependency's
 *                 {@code timeout}, so the client's own error (more telling) usually comes first.
 */
public record ProbesConfig(
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
        @MaxDuration(value = 10, unit = TimeUnit.SECONDS) Duration deadline) {
}
