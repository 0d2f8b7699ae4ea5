package io.fabula.domain.failure;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for TRANSIENT failures: the ceiling of retry {@code n} (0 for the
 * first retry) is {@code min(30 s, 500 ms · 2^n)}, and the delay is drawn from the upper half of it
 * ("equal jitter"). Half the ceiling is kept so retries never bunch up near zero; the random half
 * spreads workers that failed together so they do not hammer a recovering dependency in step.
 */
public final class Backoff {
    public static final Duration BASE = Duration.ofMillis(500);
    public static final Duration CAP = Duration.ofSeconds(30);

    private final DoubleSupplier jitter;

    /** @param jitter a source of uniform values in {@code [0, 1)}; inject a constant in tests */
    public Backoff(DoubleSupplier jitter) {
        this.jitter = jitter;
    }

    /** {@code min(30 s, 500 ms · 2^retry)}, before jitter. */
    public static Duration ceiling(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must not be negative: " + retry);
        }
        // 2^6 · 500 ms = 32 s is already above the cap; stop shifting before it could overflow
        long millis = retry >= 6 ? CAP.toMillis() : Math.min(CAP.toMillis(), BASE.toMillis() << retry);
        return Duration.ofMillis(millis);
    }

    /** The delay before retry {@code retry} (0 for the first), within {@code [ceiling/2, ceiling]}. */
    public Duration delay(int retry) {
        long ceiling = ceiling(retry).toMillis();
        double draw = jitter.getAsDouble();
        if (!(draw >= 0.0 && draw < 1.0)) {
            throw new IllegalStateException("jitter must be within [0, 1): " + draw);
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + Math.round(draw * (ceiling - half)));
    }
}
