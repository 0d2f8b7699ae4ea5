package io.fabula.application.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * A circuit breaker's numbers, as plain data (SPEC §1: the adapters turn them into Failsafe policies).
 *
 * @param failureThreshold consecutive failures that open the breaker
 * @param openFor          how long it stays open (calls fail at once) before one trial call is let through
 */
public record BreakerSettings(int failureThreshold, Duration openFor) {
    public BreakerSettings {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1");
        }
        Objects.requireNonNull(openFor, "open for");
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("open for must be positive");
        }
    }

    /** Five failures in a row open it for ten seconds. */
    public static BreakerSettings defaults() {
        return new BreakerSettings(5, Duration.ofSeconds(10));
    }
}
