package io.fabula.application.notification;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A PENDING row claimed for delivery.
 *
 * @param email    the recipient's address as it is now (read at claim time, so a changed address is honoured)
 * @param attempts failed attempts so far
 */
public record PendingNotification(NotificationId id, UserId user, SessionId session, NotificationKind kind,
                                  Channel channel, Delivery delivery, String language, String title, String body,
                                  Map<String, Object> params, String email, int attempts, Instant createdAt) {
    public PendingNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "created at");
        params = Map.copyOf(params);
    }

    public Optional<SessionId> sessionId() {
        return Optional.ofNullable(session);
    }

    /** Without address and texts: these end up in logs. */
    @Override
    public String toString() {
        return "PendingNotification[id=" + id + ", kind=" + kind + ", channel=" + channel + ", attempts=" + attempts + "]";
    }
}
