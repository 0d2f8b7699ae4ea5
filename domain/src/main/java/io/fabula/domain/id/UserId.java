package io.fabula.domain.id;

import java.util.Objects;
import java.util.UUID;

/** A writer (or, for worker commands, the writer the worker acts for). */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "user id");
    }

    public static UserId of(String text) {
        return new UserId(Ids.uuid(text, "user id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
