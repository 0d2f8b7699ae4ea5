package io.fabula.application.live;

import io.fabula.domain.id.UserId;

/**
 * What reaches a writer's browser over SSE (SPEC §6): writer-facing messages, kept in the user's
 * bounded history so a reconnect with {@code Last-Event-ID} gets exactly what it missed, and token
 * deltas, which are live only (a reconnecting client reads the finished proposal from its event).
 */
public interface LiveFeed {

    /** Appends a replayable message to the writer's stream and wakes their connections on every instance. */
    void publish(UserId user, LiveMessage message);

    /** Streams one delta of a generation in progress (Redis {@code XADD} per session). Never throws. */
    void stream(TokenDelta delta);
}
