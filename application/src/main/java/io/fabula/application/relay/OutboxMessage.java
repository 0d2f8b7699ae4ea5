package io.fabula.application.relay;

import java.util.Map;
import java.util.Objects;

/**
 * One claimed {@code event_outbox} row on its way to Kafka.
 *
 * @param id         the row's number; rows of one key are published in this order
 * @param topic      where it goes
 * @param key        the record key (the session id), which also picks the partition
 * @param payload    the event envelope as JSON
 * @param headers    routing headers (event_type, event_id, correlation_id, ...)
 * @param retryCount failed attempts so far
 * @param maxRetries retries allowed after the first attempt before the row is FAILED
 */
public record OutboxMessage(long id, String topic, String key, String payload, Map<String, String> headers,
                            int retryCount, int maxRetries) {
    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (retryCount < 0 || maxRetries < 0) {
            throw new IllegalArgumentException("retry counts cannot be negative: " + retryCount + "/" + maxRetries);
        }
    }

    /** Whether one more failure uses up the retries. */
    boolean lastAttempt() {
        return retryCount >= maxRetries;
    }
}
