package io.fabula.application.live;

import java.util.Objects;

/**
 * A message as kept in a writer's history.
 *
 * @param position where it sits in the history (a Redis stream id such as {@code 1732364400000-0}); it is
 *                 the SSE {@code id:} of the frame, so a reconnecting browser's {@code Last-Event-ID} names it
 */
public record LiveEntry(StreamPosition position, LiveMessage message) {
    public LiveEntry {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
    }
}
