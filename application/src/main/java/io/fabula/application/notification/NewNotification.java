package io.fabula.application.notification;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code notifications} row to insert, PENDING.
 *
 * @param session may be null (a budget warning is about no session)
 * @param title   one line, in the user's language: the in-app heading and a digest line
 * @param body    a sentence or two for the in-app list
 * @param params  the mail template's values ({@link MailTemplates}): strings, or a list of strings for the digest
 */
public record NewNotification(NotificationId id, UserId user, SessionId session, NotificationKind kind, String title,
                              String body, Channel channel, Delivery delivery, String language,
                              Map<String, Object> params) {
    public NewNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(language, "language");
        params = Map.copyOf(params);
    }

    public Optional<SessionId> sessionId() {
        return Optional.ofNullable(session);
    }
}
