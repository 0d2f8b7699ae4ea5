package io.fabula.domain.session;

import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** A fixed clock and a seeded id source: the same events on every run. */
public final class TestEnvironment {
    public static final Instant NOW = Instant.parse("2025-03-01T09:30:00Z");
    public static final String SOURCE = "/fabula/test";

    private TestEnvironment() {
    }

    public static SessionEnvironment fixed() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new SessionEnvironment(clock, new UuidV7(clock, new SplittableRandom(7)), QualityPolicy.withDefaults(), SOURCE);
    }
}
