package io.fabula.domain.id;

import java.util.Objects;
import java.util.UUID;

/** The novel a genesis session grows; the session's scope. */
public record NovelId(UUID value) {
    public NovelId {
        Objects.requireNonNull(value, "novel id");
    }

    public static NovelId of(String text) {
        return new NovelId(Ids.uuid(text, "novel id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
