package io.fabula.adapters.out.postgres;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabula.application.notification.Channel;
import io.fabula.application.notification.Delivery;
import io.fabula.application.notification.DigestStore;
import io.fabula.application.notification.NewNotification;
import io.fabula.application.notification.NotificationId;
import io.fabula.application.notification.NotificationInbox;
import io.fabula.application.notification.NotificationKind;
import io.fabula.application.notification.NotificationQueue;
import io.fabula.application.notification.PendingNotification;
import io.fabula.application.notification.Recipient;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * {@code notifications} as the outbox of notifications (SPEC §9): rows are created exactly once per cause
 * ({@code consumer_dedup} in the same transaction), claimed by senders with {@code FOR UPDATE SKIP LOCKED} and a
 * lease ({@code next_attempt_at} pushed into the future), and grouped into one digest per user and day (a unique
 * index on {@code (user_id, digest_date)}).
 */
public final class JdbiNotificationStore implements NotificationInbox, NotificationQueue, DigestStore {
    private static final int MAX_ERROR_LENGTH = 2_000;
    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() { };

    private final Jdbi jdbi;

    public JdbiNotificationStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    // ---- NotificationInbox ----

    @Override
    public List<NewNotification> recordOnce(String consumer, UUID cause, UserId user, Optional<SessionId> session,
                                            Decide decide) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            boolean first = handle.createUpdate("""
                            insert into consumer_dedup (consumer_group, event_id) values (:group, :cause)
                            on conflict (consumer_group, event_id) do nothing""")
                    .bind("group", consumer)
                    .bind("cause", cause)
                    .execute() == 1;
            if (!first) {
                return List.<NewNotification>of();
            }
            Optional<Recipient> recipient = JdbiInAppNotifications.recipient(handle, user);
            if (recipient.isEmpty()) {
                return List.<NewNotification>of();
            }
            List<NewNotification> rows = decide.rows(recipient.get(), session.flatMap(id -> sessionTitle(handle, id)));
            rows.forEach(row -> insert(handle, row, null));
            return rows;
        });
    }

    @Override
    public List<UserId> admins() {
        return jdbi.withHandle(handle -> handle.createQuery("select id from users where role = 'admin' order by id")
                .map((rs, ctx) -> new UserId(rs.getObject("id", UUID.class)))
                .list());
    }

    private static Optional<String> sessionTitle(Handle handle, SessionId session) {
        return handle.createQuery("""
                        select envelope -> 'payload' ->> 'content' from domain_events
                        where aggregate_id = :session and sequence = 1""")
                .bind("session", session.value())
                .mapTo(String.class)
                .findOne();
    }

    private static void insert(Handle handle, NewNotification row, LocalDate digestDate) {
        handle.createUpdate("""
                        insert into notifications (id, user_id, session_id, kind, title, body, channel, delivery,
                                                   language, params, digest_date)
                        values (:id, :user, cast(:session as uuid), :kind, :title, :body, :channel, :delivery, :language,
                                cast(:params as jsonb), cast(:digestDate as date))""")
                .bind("id", row.id().value())
                .bind("user", row.user().value())
                .bind("session", row.session() == null ? null : row.session().toString())
                .bind("kind", row.kind().name())
                .bind("title", row.title())
                .bind("body", row.body())
                .bind("channel", row.channel().name())
                .bind("delivery", row.delivery().name())
                .bind("language", row.language())
                .bind("params", Json.write(row.params()))
                .bind("digestDate", digestDate == null ? null : digestDate.toString())
                .execute();
    }

    // ---- NotificationQueue ----

    @Override
    public List<PendingNotification> claim(Channel channel, boolean immediate, int max, Duration lease) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        with due as (
                            select id from notifications
                            where status = 'PENDING' and channel = :channel and delivery = 'IMMEDIATE'
                              and next_attempt_at <= now() and (:immediate or kind = 'DAILY_DIGEST')
                            order by created_at, id
                            limit :max
                            for update skip locked
                        )
                        update notifications n
                        set next_attempt_at = now() + :leaseMs * interval '1 millisecond'
                        from due
                        where n.id = due.id
                        returning n.*, (select u.email from users u where u.id = n.user_id) as email""")
                .bind("channel", channel.name())
                .bind("immediate", immediate)
                .bind("max", max)
                .bind("leaseMs", lease.toMillis())
                .map((rs, ctx) -> pending(rs))
                .list())
                .stream()
                .sorted(Comparator.comparing(PendingNotification::createdAt).thenComparing(p -> p.id().value()))
                .toList();
    }

    @Override
    public void markSent(NotificationId id) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update notifications set status = 'SENT', sent_at = now(), last_error = null
                        where id = :id and status = 'PENDING'""")
                .bind("id", id.value())
                .execute());
    }

    @Override
    public void retryLater(NotificationId id, Duration delay, String error) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update notifications
                        set attempts = attempts + 1, last_error = :error,
                            next_attempt_at = now() + :delayMs * interval '1 millisecond'
                        where id = :id and status = 'PENDING'""")
                .bind("id", id.value())
                .bind("error", truncate(error))
                .bind("delayMs", delay.toMillis())
                .execute());
    }

    @Override
    public void fail(NotificationId id, String error) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update notifications set status = 'FAILED', attempts = attempts + 1, last_error = :error
                        where id = :id and status = 'PENDING'""")
                .bind("id", id.value())
                .bind("error", truncate(error))
                .execute());
    }

    @Override
    public void release(List<NotificationId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update notifications set next_attempt_at = now() where id = any(:ids) and status = 'PENDING'""")
                .bindArray("ids", UUID.class, ids.stream().map(NotificationId::value).toList())
                .execute());
    }

    @Override
    public long pendingCount(Channel channel) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select count(*) from notifications where status = 'PENDING' and channel = :channel")
                .bind("channel", channel.name())
                .mapTo(Long.class).one());
    }

    // ---- DigestStore ----

    @Override
    public List<UserId> usersWithWaitingMail(Instant cutoff, boolean includeImmediate) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select distinct user_id from notifications
                        where status = 'PENDING' and channel = 'EMAIL' and kind <> 'DAILY_DIGEST'
                          and created_at < :cutoff and (delivery = 'DIGEST' or :includeImmediate)""")
                .bind("cutoff", Timestamp.from(cutoff))
                .bind("includeImmediate", includeImmediate)
                .map((rs, ctx) -> new UserId(rs.getObject("user_id", UUID.class)))
                .list());
    }

    @Override
    public Optional<NewNotification> compose(UserId user, LocalDate day, Instant cutoff, boolean includeImmediate,
                                             Composer composer) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            boolean composedAlready = handle.createQuery(
                            "select count(*) from notifications where user_id = :user and digest_date = :day")
                    .bind("user", user.value())
                    .bind("day", day)
                    .mapTo(Long.class).one() > 0;
            if (composedAlready) {
                return Optional.<NewNotification>empty();
            }
            // not leased: a row a sender holds right now (IMMEDIATE_ENABLED just came back) is left to it
            List<PendingNotification> waiting = handle.createQuery("""
                            select n.*, u.email from notifications n join users u on u.id = n.user_id
                            where n.user_id = :user and n.status = 'PENDING' and n.channel = 'EMAIL'
                              and n.kind <> 'DAILY_DIGEST' and n.created_at < :cutoff and n.next_attempt_at <= now()
                              and (n.delivery = 'DIGEST' or :includeImmediate)
                            order by n.created_at, n.id
                            for update of n skip locked""")
                    .bind("user", user.value())
                    .bind("cutoff", Timestamp.from(cutoff))
                    .bind("includeImmediate", includeImmediate)
                    .map((rs, ctx) -> pending(rs))
                    .list();
            Optional<Recipient> recipient = JdbiInAppNotifications.recipient(handle, user);
            if (waiting.isEmpty() || recipient.isEmpty()) {
                return Optional.<NewNotification>empty();
            }
            NewNotification digest = composer.digest(recipient.get(), waiting);
            // a second composer racing us waits on the unique index, then finds the day taken: it inserts nothing
            int inserted = handle.createUpdate("""
                            insert into notifications (id, user_id, session_id, kind, title, body, channel, delivery,
                                                       language, params, digest_date)
                            values (:id, :user, null, :kind, :title, :body, 'EMAIL', 'IMMEDIATE', :language,
                                    cast(:params as jsonb), :day)
                            on conflict (user_id, digest_date) where digest_date is not null do nothing""")
                    .bind("id", digest.id().value())
                    .bind("user", user.value())
                    .bind("kind", digest.kind().name())
                    .bind("title", digest.title())
                    .bind("body", digest.body())
                    .bind("language", digest.language())
                    .bind("params", Json.write(digest.params()))
                    .bind("day", day)
                    .execute();
            if (inserted == 0) {
                return Optional.<NewNotification>empty();
            }
            handle.createUpdate("""
                            update notifications set status = 'DIGESTED', digest_id = :digest
                            where id = any(:ids) and status = 'PENDING'""")
                    .bind("digest", digest.id().value())
                    .bindArray("ids", UUID.class, waiting.stream().map(p -> p.id().value()).toList())
                    .execute();
            return Optional.of(digest);
        });
    }

    private static PendingNotification pending(ResultSet rs) throws SQLException {
        UUID session = rs.getObject("session_id", UUID.class);
        String email = rs.getString("email");
        return new PendingNotification(new NotificationId(rs.getObject("id", UUID.class)),
                new UserId(rs.getObject("user_id", UUID.class)), session == null ? null : new SessionId(session),
                NotificationKind.valueOf(rs.getString("kind")), Channel.valueOf(rs.getString("channel")),
                Delivery.valueOf(rs.getString("delivery")), rs.getString("language"), rs.getString("title"),
                rs.getString("body"), params(rs.getString("params")), email == null ? "" : email,
                rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant());
    }

    private static Map<String, Object> params(String json) {
        try {
            return Json.MAPPER.readValue(json, PARAMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notifications.params is not a JSON object", e);
        }
    }

    private static String truncate(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
