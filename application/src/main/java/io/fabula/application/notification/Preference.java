package io.fabula.application.notification;

import java.util.Objects;

/** What a user wants for one kind of notification: mail or not, and when. In-app is always on. */
public record Preference(Delivery delivery, boolean email) {

    /** Without a stored choice: a mail right away. */
    public static final Preference DEFAULT = new Preference(Delivery.IMMEDIATE, true);

    public Preference {
        Objects.requireNonNull(delivery, "delivery");
    }
}
