package io.fabula.application.notification;

import io.fabula.domain.id.UserId;
import java.util.Objects;

/** Who a notification is for, as the policy needs them: name for the greeting, settings for channel and delivery. */
public record Recipient(UserId id, String name, Preferences preferences) {
    public Recipient {
        Objects.requireNonNull(id, "user id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(preferences, "preferences");
    }
}
