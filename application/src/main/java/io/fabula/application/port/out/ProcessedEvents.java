package io.fabula.application.port.out;

import io.fabula.domain.id.EventId;

/**
 * The events each consumer group has already acted on ({@code consumer_dedup}): Kafka delivers at
 * least once, so a consumer records the event in the same transaction as its effect and skips it
 * when it comes again — exactly-once in effect (SPEC §3 step 3).
 */
public interface ProcessedEvents {

    /**
     * Records that {@code consumerGroup} handles {@code event} now.
     *
     * @return true the first time; false when the group had handled it already (the caller then
     *         does nothing). Two concurrent transactions with the same pair: the second waits for
     *         the first and answers false once it commits (true if it rolls back).
     */
    boolean firstTime(String consumerGroup, EventId event);
}
