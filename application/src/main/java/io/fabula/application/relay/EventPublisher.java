package io.fabula.application.relay;

import java.util.List;

/** Hands outbox messages to the event bus (Kafka) and says which of them the bus has durably taken. */
public interface EventPublisher {

    /**
     * Publishes {@code messages}, keeping their list order per key, and returns only when every one of
     * them is either acknowledged by the bus (durably: replicated as the bus requires) or failed.
     *
     * <p>Never throws for a bus failure: an unreachable broker, a timeout or a refused record is
     * reported per message, and the caller retries. At least once: a message reported failed may still
     * have reached the bus (an ack lost on the way back), so readers deduplicate on {@code event_id}.
     *
     * @return the messages that failed, with the reason; empty when all were acknowledged
     */
    List<Failure> publish(List<OutboxMessage> messages);

    /**
     * A message the bus did not acknowledge.
     *
     * @param retriable the bus could not take it <em>now</em> (unreachable, timed out, not enough
     *                  replicas): nothing is wrong with the message itself. Such a failure is retried
     *                  for as long as it lasts and never uses up the message's retries, so an outage
     *                  of the bus never gives up an event (SPEC §8: events wait in the outbox and
     *                  drain on recovery); only a failure of the message itself (too large, refused)
     *                  ends FAILED after {@code max_retries}
     */
    record Failure(long messageId, String reason, boolean retriable) {
        /** A failure of the message itself. */
        public Failure(long messageId, String reason) {
            this(messageId, reason, false);
        }
    }
}
