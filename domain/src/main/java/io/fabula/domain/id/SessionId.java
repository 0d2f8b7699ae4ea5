package io.fabula.domain.id;

import java.util.Objects;
import java.util.UUID;

/** Identity of a genesis session, which is also the aggregate id and the Kafka key. */
public record SessionId(UUID value) {
    public SessionId {
        Objects.requireNonNull(value, "session id");
    }

    public static SessionId of(String text) {
        return new SessionId(Ids.uuid(text, "session id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
