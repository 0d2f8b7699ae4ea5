package io.fabula.application.relay;

import io.fabula.domain.failure.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Relays one batch of the outbox to the event bus (SPEC §3 step 2): claim due messages, publish them,
 * mark the acknowledged ones SENT. A failed message is retried after a backoff
 * ({@link Backoff}: 500 ms doubling, jittered, capped at 30 s) and FAILED once its retries are used up
 * by failures of its own (an unreachable bus is retried as long as it lasts, see {@link EventPublisher.Failure});
 * the later messages of its key in the same batch are put back untouched, so that a key's messages
 * reach the bus in order even when one of them fails (they may then arrive twice: readers deduplicate
 * on {@code event_id}).
 */
public final class RelayOutbox {
    private final OutboxQueue queue;
    private final EventPublisher publisher;
    private final Backoff backoff;
    private final RelayConfig config;

    public RelayOutbox(OutboxQueue queue, EventPublisher publisher, Backoff backoff, RelayConfig config) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** What one batch did. {@code claimed == batchSize} means more may be waiting. */
    public record Batch(int claimed, int sent, int retried, int failed, int putBack) {
        public boolean full(RelayConfig config) {
            return claimed >= config.batchSize();
        }
    }

    /** Relays one batch; exceptions of the queue (database down) propagate to the loop. */
    public Batch handle() {
        List<OutboxMessage> claimed = queue.claim(config.batchSize(), config.lease());
        if (claimed.isEmpty()) {
            return new Batch(0, 0, 0, 0, 0);
        }
        Map<Long, EventPublisher.Failure> failures = new HashMap<>();
        for (EventPublisher.Failure failure : publish(claimed)) {
            failures.put(failure.messageId(), failure);
        }

        List<Long> sent = new ArrayList<>();
        Map<String, Duration> blockedKeys = new HashMap<>();
        Set<Long> putBack = new HashSet<>();
        int retried = 0;
        int failed = 0;
        for (OutboxMessage message : claimed) {
            Duration blockedUntil = blockedKeys.get(message.key());
            if (blockedUntil != null) {
                putBack.add(message.id());
                continue;
            }
            EventPublisher.Failure failure = failures.get(message.id());
            if (failure == null) {
                sent.add(message.id());
            } else if (message.lastAttempt() && !failure.retriable()) {
                // later messages of the key go on without it: a dead message must not stall a session forever
                queue.fail(message.id(), failure.reason());
                failed++;
            } else {
                // an outage of the bus is waited out however long it lasts (the backoff stays capped)
                Duration delay = backoff.delay(message.retryCount());
                queue.retryLater(message.id(), delay, failure.reason());
                blockedKeys.put(message.key(), delay);
                retried++;
            }
        }
        if (!sent.isEmpty()) {
            queue.markSent(sent);
        }
        if (!putBack.isEmpty()) {
            // due with the failed message, never before it: the claim keeps them behind it anyway
            Duration longest = blockedKeys.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
            queue.putBack(List.copyOf(putBack), longest);
        }
        return new Batch(claimed.size(), sent.size(), retried, failed, putBack.size());
    }

    /** A publisher that breaks its contract and throws fails the whole batch, instead of leaving it SENDING for a lease. */
    private List<EventPublisher.Failure> publish(List<OutboxMessage> claimed) {
        try {
            return publisher.publish(claimed);
        } catch (RuntimeException e) {
            String reason = "publisher failed: " + e;
            return claimed.stream().map(message -> new EventPublisher.Failure(message.id(), reason, false)).toList();
        }
    }
}
