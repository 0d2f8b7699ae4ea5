package io.fabula.adapters.in.sse;

import java.time.Duration;
import java.util.Objects;

/**
 * The SSE rules of SPEC §6, as numbers from the YAML.
 *
 * @param initialReplay         the newest messages a connection without {@code Last-Event-ID} starts with, and
 *                              the size of the first back-fill batch of one that has it (50)
 * @param replayBatch           later back-fill batches and live reads (100)
 * @param maxBackfill           the most messages a reconnect is back-filled with (500); beyond, a {@code resync} frame
 * @param pingInterval          a comment frame this often keeps proxies from closing idle streams (15 s)
 * @param sendTimeout           a frame not written within this closes the connection (30 s)
 * @param maxConnectionsPerUser open streams per writer across all instances (2)
 * @param tooManyRetryAfter     {@code Retry-After} of the 429 for a third connection (30 s)
 * @param unavailableRetryAfter {@code Retry-After} of the 503 when Redis is down
 * @param dispatchThreads       threads writing frames for all connections of the instance
 */
public record SseSettings(int initialReplay, int replayBatch, int maxBackfill, Duration pingInterval,
                          Duration sendTimeout, int maxConnectionsPerUser, Duration tooManyRetryAfter,
                          Duration unavailableRetryAfter, int dispatchThreads) {
    public SseSettings {
        Objects.requireNonNull(pingInterval, "ping interval");
        Objects.requireNonNull(sendTimeout, "send timeout");
        Objects.requireNonNull(tooManyRetryAfter, "retry after");
        Objects.requireNonNull(unavailableRetryAfter, "retry after");
        if (initialReplay < 0 || replayBatch < 1 || maxBackfill < 0 || maxConnectionsPerUser < 1 || dispatchThreads < 1) {
            throw new IllegalArgumentException("SSE sizes must be positive");
        }
    }

    /** SPEC §6's numbers. */
    public static SseSettings defaults() {
        return new SseSettings(50, 100, 500, Duration.ofSeconds(15), Duration.ofSeconds(30), 2,
                Duration.ofSeconds(30), Duration.ofSeconds(30), 16);
    }
}
