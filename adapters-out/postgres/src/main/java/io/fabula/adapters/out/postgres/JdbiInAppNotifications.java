package io.fabula.adapters.out.postgres;

import io.fabula.application.notification.Delivery;
import io.fabula.application.notification.InAppNotification;
import io.fabula.application.notification.InAppNotifications;
import io.fabula.application.notification.NotificationId;
import io.fabula.application.notification.NotificationKind;
import io.fabula.application.notification.Preference;
import io.fabula.application.notification.Preferences;
import io.fabula.application.notification.Recipient;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A writer's own IN_APP notifications and notification settings. Every statement is scoped by {@code user_id}, so a
 * writer can neither see nor mark another writer's notification: it is simply not found.
 */
public final class JdbiInAppNotifications implements InAppNotifications {

    private final Jdbi jdbi;

    public JdbiInAppNotifications(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public Page list(UserId user, boolean unreadOnly, Optional<NotificationId> after, int limit) {
        return jdbi.withHandle(handle -> {
            List<InAppNotification> items = handle.createQuery("""
                            select id, kind, session_id, title, body, created_at, read_at from notifications
                            where user_id = :user and channel = 'IN_APP' and (not :unreadOnly or read_at is null)
                              and (cast(:after as uuid) is null or id < cast(:after as uuid))
                            order by id desc
                            limit :limit""")
                    .bind("user", user.value())
                    .bind("unreadOnly", unreadOnly)
                    .bind("after", after.map(NotificationId::toString).orElse(null))
                    .bind("limit", limit)
                    .map((rs, ctx) -> {
                        UUID session = rs.getObject("session_id", UUID.class);
                        Timestamp read = rs.getTimestamp("read_at");
                        return new InAppNotification(new NotificationId(rs.getObject("id", UUID.class)),
                                NotificationKind.valueOf(rs.getString("kind")),
                                session == null ? null : new SessionId(session), rs.getString("title"),
                                rs.getString("body"), rs.getTimestamp("created_at").toInstant(),
                                read == null ? null : read.toInstant());
                    })
                    .list();
            long unread = handle.createQuery("""
                            select count(*) from notifications
                            where user_id = :user and channel = 'IN_APP' and read_at is null""")
                    .bind("user", user.value())
                    .mapTo(Long.class).one();
            return new Page(items, unread);
        });
    }

    @Override
    public boolean markRead(UserId user, NotificationId id, Instant at) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        update notifications set read_at = coalesce(read_at, :at)
                        where id = :id and user_id = :user and channel = 'IN_APP'""")
                .bind("id", id.value())
                .bind("user", user.value())
                .bind("at", Timestamp.from(at))
                .execute() == 1);
    }

    @Override
    public Preferences preferences(UserId user) {
        return jdbi.withHandle(handle -> recipient(handle, user).map(Recipient::preferences)
                .orElseGet(Preferences::defaults));
    }

    @Override
    public void savePreferences(UserId user, Preferences preferences) {
        jdbi.useTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            handle.createUpdate("update users set language = :language, updated_at = now() where id = :user")
                    .bind("language", preferences.language())
                    .bind("user", user.value())
                    .execute();
            preferences.byKind().forEach((kind, preference) -> handle.createUpdate("""
                            insert into notification_preferences (user_id, kind, delivery, email)
                            values (:user, :kind, :delivery, :email)
                            on conflict (user_id, kind) do update
                            set delivery = excluded.delivery, email = excluded.email, updated_at = now()""")
                    .bind("user", user.value())
                    .bind("kind", kind.name())
                    .bind("delivery", preference.delivery().name())
                    .bind("email", preference.email())
                    .execute());
        });
    }

    /**
     * The user as a notification recipient: name, language and preferences; a kind without a stored choice takes
     * the user's {@code notification_mode} as its delivery, with mail on.
     */
    static Optional<Recipient> recipient(Handle handle, UserId user) {
        Optional<Map<String, Object>> row = handle.createQuery(
                        "select display_name, language, notification_mode from users where id = :user")
                .bind("user", user.value())
                .mapToMap()
                .findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Delivery mode = Delivery.valueOf((String) row.get().get("notification_mode"));
        Map<NotificationKind, Preference> byKind = new EnumMap<>(NotificationKind.class);
        for (NotificationKind kind : Preferences.CHOOSABLE) {
            byKind.put(kind, new Preference(mode, true));
        }
        handle.createQuery("select kind, delivery, email from notification_preferences where user_id = :user")
                .bind("user", user.value())
                .map((rs, ctx) -> Map.entry(NotificationKind.valueOf(rs.getString("kind")),
                        new Preference(Delivery.valueOf(rs.getString("delivery")), rs.getBoolean("email"))))
                .forEach(entry -> byKind.put(entry.getKey(), entry.getValue()));
        return Optional.of(new Recipient(user, (String) row.get().get("display_name"),
                new Preferences((String) row.get().get("language"), byKind)));
    }
}
