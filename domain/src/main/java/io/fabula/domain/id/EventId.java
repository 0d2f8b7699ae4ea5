package io.fabula.domain.id;

import java.util.Objects;
import java.util.UUID;

/** Identity of one domain event: a UUIDv7, so ids sort by creation time. */
public record EventId(UUID value) {
    public EventId {
        Objects.requireNonNull(value, "event id");
    }

    public static EventId of(String text) {
        return new EventId(Ids.uuid(text, "event id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
