package io.fabula.domain.event;

import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.SessionId;

import java.time.Instant;
import java.util.Objects;

/**
 * A domain event in its envelope (SPEC §2) — the one shape that is stored in {@code domain_events},
 * relayed through the outbox, consumed by the orchestrator and streamed to the writer. Its fields
 * map 1:1 onto CloudEvents 1.0 (docs/events.md).
 *
 * @param sequence    position in the aggregate's stream: 1, 2, 3, ... without gaps
 * @param causationId the command that caused it (its idempotency key)
 */
public record DomainEvent(
        EventId eventId, EventType type, SessionId aggregateId, long sequence,
        CorrelationId correlationId, CausationId causationId, Instant occurredAt,
        EventPayload payload, EventMetadata metadata) {

    /** The only aggregate type so far; {@code aggregate_type} in the envelope. */
    public static final String AGGREGATE_TYPE = "GenesisSession";

    public DomainEvent {
        Objects.requireNonNull(eventId, "event id");
        Objects.requireNonNull(type, "event type");
        Objects.requireNonNull(aggregateId, "aggregate id");
        Objects.requireNonNull(correlationId, "correlation id");
        Objects.requireNonNull(causationId, "causation id");
        Objects.requireNonNull(occurredAt, "occurred at");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequences start at 1: " + sequence);
        }
        if (!aggregateId.equals(payload.sessionId())) {
            throw new IllegalArgumentException("payload belongs to another session");
        }
    }

    public String aggregateType() {
        return AGGREGATE_TYPE;
    }
}
