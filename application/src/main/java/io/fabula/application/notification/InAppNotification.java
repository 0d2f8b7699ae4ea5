package io.fabula.application.notification;

import io.fabula.domain.id.SessionId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A notification as the writer's in-app list shows it. */
public record InAppNotification(NotificationId id, NotificationKind kind, SessionId session, String title, String body,
                                Instant createdAt, Instant readAt) {
    public InAppNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "created at");
    }

    public Optional<SessionId> sessionId() {
        return Optional.ofNullable(session);
    }

    public Optional<Instant> readAtTime() {
        return Optional.ofNullable(readAt);
    }
}
