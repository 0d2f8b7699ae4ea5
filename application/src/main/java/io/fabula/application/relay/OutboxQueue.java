package io.fabula.application.relay;

import java.time.Duration;
import java.util.List;

/**
 * The relay's view of {@code event_outbox}: due messages to claim, and what became of them.
 * Every method is its own short transaction; nothing is held open while publishing.
 */
public interface OutboxQueue {

    /**
     * Claims at most {@code max} due messages for {@code lease}: PENDING rows whose {@code scheduled_at}
     * has come, and SENDING rows whose lease ran out (their relay died). Claimed rows become SENDING
     * until {@code lease} ends. Several relays may claim at once: each row goes to one of them, and a
     * row is claimed only together with every older unsent row of its key — never while an older row
     * of its key is unsent and held elsewhere or not yet due — so a key's messages leave in order.
     *
     * @return the claimed messages, oldest first
     */
    List<OutboxMessage> claim(int max, Duration lease);

    /** Marks the messages SENT (with {@code sent_at}); idempotent. */
    void markSent(List<Long> ids);

    /**
     * A failed attempt: PENDING again with {@code retry_count + 1}, due after {@code delay}, the reason
     * kept in {@code last_error}.
     */
    void retryLater(long id, Duration delay, String error);

    /** Back to PENDING, due after {@code delay}, without counting an attempt (a key's older message failed). */
    void putBack(List<Long> ids, Duration delay);

    /** Gives up: FAILED with {@code last_error}; an operator looks at it (alert on the FAILED count). */
    void fail(long id, String error);

    /** How many messages wait to be published (PENDING or SENDING), for the pending-bound metric. */
    long pendingCount();

    /** The pending count, the oldest pending message's age and the FAILED count, in one read (metrics). */
    OutboxBacklog backlog();
}
