package io.fabula.adapters.out.postgres;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabula.application.relay.OutboxBacklog;
import io.fabula.application.relay.OutboxMessage;
import io.fabula.application.relay.OutboxQueue;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link OutboxQueue} on {@code event_outbox}. Each method is one short autocommit statement.
 *
 * <p>The claim locks due rows with {@code FOR UPDATE SKIP LOCKED}, so concurrent relays take disjoint
 * rows without waiting, and keeps a row only when every older unsent row of its key is in the same
 * claim: a row is claimable when the number of older PENDING/SENDING rows of its key equals the
 * number of older rows of its key this claim locked. An older row that another relay holds, or that
 * waits for its backoff, therefore holds the key back. Within one session, ids follow commit order:
 * a command inserts its outbox rows after updating the session row, which serializes the session's
 * writers, so a lower id of the key can never commit after a higher one is seen.
 */
public final class JdbiOutboxQueue implements OutboxQueue {
    private static final int MAX_ERROR_LENGTH = 2_000;
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() { };

    private final Jdbi jdbi;

    public JdbiOutboxQueue(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public List<OutboxMessage> claim(int max, Duration lease) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        with due as (
                            select id, partition_key from event_outbox
                            where status in ('PENDING', 'SENDING') and scheduled_at <= now()
                            order by id
                            limit :max
                            for update skip locked
                        ), claimable as (
                            select d.id from due d
                            where (select count(*) from event_outbox o
                                   where o.partition_key = d.partition_key and o.status in ('PENDING', 'SENDING')
                                     and o.id < d.id)
                                = (select count(*) from due e where e.partition_key = d.partition_key and e.id < d.id)
                        )
                        update event_outbox o
                        set status = 'SENDING', scheduled_at = now() + :leaseMs * interval '1 millisecond'
                        from claimable c
                        where o.id = c.id
                        returning o.id, o.topic, o.key, o.payload::text as payload, o.headers::text as headers,
                                  o.retry_count, o.max_retries""")
                .bind("max", max)
                .bind("leaseMs", lease.toMillis())
                .map((rs, ctx) -> new OutboxMessage(rs.getLong("id"), rs.getString("topic"), rs.getString("key"),
                        rs.getString("payload"), headers(rs.getString("headers")), rs.getInt("retry_count"),
                        rs.getInt("max_retries")))
                .list())
                .stream().sorted(Comparator.comparingLong(OutboxMessage::id)).toList();
    }

    @Override
    public void markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update event_outbox set status = 'SENT', sent_at = now(), last_error = null
                        where id = any(:ids) and status = 'SENDING'""")
                .bindArray("ids", Long.class, ids)
                .execute());
    }

    @Override
    public void retryLater(long id, Duration delay, String error) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update event_outbox
                        set status = 'PENDING', retry_count = retry_count + 1, last_error = :error,
                            scheduled_at = now() + :delayMs * interval '1 millisecond'
                        where id = :id and status = 'SENDING'""")
                .bind("id", id)
                .bind("error", truncate(error))
                .bind("delayMs", delay.toMillis())
                .execute());
    }

    @Override
    public void putBack(List<Long> ids, Duration delay) {
        if (ids.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update event_outbox set status = 'PENDING', scheduled_at = now() + :delayMs * interval '1 millisecond'
                        where id = any(:ids) and status = 'SENDING'""")
                .bindArray("ids", Long.class, ids)
                .bind("delayMs", delay.toMillis())
                .execute());
    }

    @Override
    public void fail(long id, String error) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update event_outbox set status = 'FAILED', last_error = :error
                        where id = :id and status = 'SENDING'""")
                .bind("id", id)
                .bind("error", truncate(error))
                .execute());
    }

    @Override
    public long pendingCount() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select count(*) from event_outbox where status in ('PENDING', 'SENDING')")
                .mapTo(Long.class).one());
    }

    /**
     * One statement: the unsent rows through the partial index of unsent rows, the FAILED ones through
     * the partial index of failed rows; SENT rows, however many, are never scanned.
     */
    @Override
    public OutboxBacklog backlog() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select (select count(*) from event_outbox where status in ('PENDING', 'SENDING')) as pending,
                               (select coalesce(extract(epoch from now() - min(created_at)) * 1000, 0)::bigint
                                from event_outbox where status in ('PENDING', 'SENDING')) as oldest_ms,
                               (select count(*) from event_outbox where status = 'FAILED') as failed""")
                .map((rs, ctx) -> new OutboxBacklog(rs.getLong("pending"),
                        Duration.ofMillis(Math.max(0, rs.getLong("oldest_ms"))), rs.getLong("failed")))
                .one());
    }

    private static String truncate(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static Map<String, String> headers(String json) {
        try {
            return Json.MAPPER.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event_outbox.headers is not a JSON object of strings: " + json, e);
        }
    }
}
