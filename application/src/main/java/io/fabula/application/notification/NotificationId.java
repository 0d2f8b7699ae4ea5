package io.fabula.application.notification;

import java.util.Objects;
import java.util.UUID;

/** The id of one row of {@code notifications}; a mail's Message-ID is derived from it. */
public record NotificationId(UUID value) {

    public NotificationId {
        Objects.requireNonNull(value, "notification id");
    }

    public static NotificationId of(String text) {
        return new NotificationId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
