package io.fabula.application.live;

import java.util.Objects;

/**
 * One SSE frame for a writer.
 *
 * @param id    unique and stable (a domain event's {@code event_id}, a notification's id): a message
 *              published twice for the same id is delivered once
 * @param event the SSE event name, e.g. {@code Genesis.Theme.Proposed} or {@code notification}
 * @param data  the frame's JSON body
 */
public record LiveMessage(String id, String event, String data) {
    public LiveMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
