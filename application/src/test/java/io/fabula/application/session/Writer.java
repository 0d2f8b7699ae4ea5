package io.fabula.application.session;

import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/** A writer with one session, sending commands the way the API does; keys are fresh unless given. */
final class Writer {
    static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");

    final UserId user = new UserId(UUID.randomUUID());
    final SessionId session = new SessionId(UUID.randomUUID());
    final NovelId novel = new NovelId(UUID.randomUUID());
    private int keys;

    static SessionEnvironment environment() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new SessionEnvironment(clock, new UuidV7(clock, new SplittableRandom(7)), QualityPolicy.withDefaults(),
                "/fabula/test");
    }

    CommandMeta meta(String key, long expectedVersion) {
        return meta(key, ExpectedVersion.exactly(expectedVersion));
    }

    CommandMeta meta(String key, ExpectedVersion expectedVersion) {
        return new CommandMeta(new CommandId(key), session, expectedVersion, user,
                new CorrelationId("corr-" + key), null);
    }

    /** A meta with a fresh key. */
    CommandMeta meta(long expectedVersion) {
        return meta(freshKey(), expectedVersion);
    }

    String freshKey() {
        return session + "-k" + (++keys);
    }

    CommandRequest start(String seed) {
        return new CommandRequest("StartSession", Map.of("seed_idea", seed, "novel_id", novel.toString()));
    }

    static CommandRequest request(String type, Object... namesAndValues) {
        Map<String, Object> payload = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            payload.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new CommandRequest(type, payload);
    }
}
