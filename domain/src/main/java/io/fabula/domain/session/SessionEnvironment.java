package io.fabula.domain.session;

import io.fabula.domain.quality.QualityPolicy;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What a session needs from outside to decide: the time, fresh ids (UUIDv7 in production), the
 * quality gate, and the name of the producing process for the events' {@code source}. Injected, so
 * a test with a fixed clock and a seeded id source gets the same events on every run.
 */
public record SessionEnvironment(Clock clock, Supplier<UUID> ids, QualityPolicy quality, String source) {
    public SessionEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(quality, "quality policy");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source is required");
        }
    }
}
