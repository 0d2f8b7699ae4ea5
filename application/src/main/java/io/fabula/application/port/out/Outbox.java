package io.fabula.application.port.out;

import io.fabula.domain.event.DomainEvent;
import java.util.List;

/**
 * Messages to publish to Kafka once the transaction that wrote them commits ({@code event_outbox},
 * SPEC §3 step 2). Nothing is published here; a relay does that later, at least once, in order per key.
 */
public interface Outbox {

    /** The topic of the session events (SPEC §3). */
    String SESSION_EVENTS = "genesis.session.events";

    /**
     * Enqueues one PENDING message per event, in order, each keyed (and partitioned) by its session id
     * so a session's events stay in order on one partition. Not idempotent by itself: the command
     * inbox guarantees a command's events are enqueued once.
     */
    void enqueue(String topic, List<DomainEvent> events);
}
