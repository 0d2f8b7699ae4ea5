package io.fabula.adapters.out.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * @param historyMaxLength messages kept per writer (SPEC §6: 1000, trimmed approximately)
 * @param historyTtl       a writer's history is dropped after this long without a new message
 * @param dedupTtl         how long a published message id is remembered (longer than any redelivery)
 * @param ticketTtl        lifetime of an SSE ticket (SPEC §6: 60 s)
 * @param connectionLease  a connection not renewed for this long no longer counts (its instance died)
 * @param tokenMaxLength   deltas kept per session token stream
 * @param tokenTtl         a session's token stream is dropped after this long without a delta
 */
public record RedisLiveSettings(int historyMaxLength, Duration historyTtl, Duration dedupTtl, Duration ticketTtl,
                                Duration connectionLease, int tokenMaxLength, Duration tokenTtl) {
    public RedisLiveSettings {
        Objects.requireNonNull(historyTtl, "history ttl");
        Objects.requireNonNull(dedupTtl, "dedup ttl");
        Objects.requireNonNull(ticketTtl, "ticket ttl");
        Objects.requireNonNull(connectionLease, "connection lease");
        Objects.requireNonNull(tokenTtl, "token ttl");
        if (historyMaxLength < 1 || tokenMaxLength < 1) {
            throw new IllegalArgumentException("streams keep at least one entry");
        }
    }

    /** SPEC §6's numbers. */
    public static RedisLiveSettings defaults() {
        return new RedisLiveSettings(1000, Duration.ofDays(7), Duration.ofDays(1), Duration.ofSeconds(60),
                Duration.ofSeconds(45), 1000, Duration.ofHours(1));
    }
}
