package io.fabula.adapters.out.postgres;

import io.fabula.application.port.out.EventStore;
import io.fabula.application.port.out.StoreConflict;
import io.fabula.codec.DecodeResult;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.SessionId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementException;

/** {@code domain_events}: the envelope as jsonb, plus the columns the store is searched and guarded by. */
final class JdbiEventStore implements EventStore {
    private final Handle handle;
    private final EventEnvelopeCodec codec;

    JdbiEventStore(Handle handle, EventEnvelopeCodec codec) {
        this.handle = handle;
        this.codec = codec;
    }

    @Override
    public void append(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                insert into domain_events (event_id, event_type, aggregate_type, aggregate_id, sequence,
                                           correlation_id, causation_id, occurred_at, envelope)
                values (:eventId, :eventType, :aggregateType, :aggregateId, :sequence,
                        :correlationId, :causationId, :occurredAt, cast(:envelope as jsonb))""");
        for (DomainEvent event : events) {
            batch.bind("eventId", event.eventId().value())
                    .bind("eventType", event.type().typeName())
                    .bind("aggregateType", event.aggregateType())
                    .bind("aggregateId", event.aggregateId().value())
                    .bind("sequence", event.sequence())
                    .bind("correlationId", event.correlationId().value())
                    .bind("causationId", event.causationId().value())
                    .bind("occurredAt", OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                    .bind("envelope", codec.encodeToString(event))
                    .add();
        }
        try {
            batch.execute();
        } catch (StatementException e) {
            if (UniqueViolation.constraintOf(e).isPresent()) {
                throw new StoreConflict(StoreConflict.Reason.STALE_VERSION, 0,
                        "another writer appended to session " + events.get(0).aggregateId() + " first");
            }
            throw e;
        }
    }

    @Override
    public List<DomainEvent> history(SessionId session) {
        return handle.createQuery("select envelope::text from domain_events where aggregate_id = :id order by sequence")
                .bind("id", session.value())
                .mapTo(String.class)
                .map(this::decode)
                .list();
    }

    @Override
    public List<DomainEvent> causedBy(CommandId command) {
        return handle.createQuery("""
                        select envelope::text from domain_events where causation_id = :causationId
                        order by aggregate_id, sequence""")
                .bind("causationId", command.value())
                .mapTo(String.class)
                .map(this::decode)
                .list();
    }

    private DomainEvent decode(String envelope) {
        DecodeResult result = codec.decode(envelope);
        if (result instanceof DecodeResult.Decoded decoded) {
            return decoded.event();
        }
        // our own store holding an event we cannot read is corruption (or a rollback past a schema change)
        throw new IllegalStateException("unreadable stored event: " + ((DecodeResult.Poisoned) result).failure().reason());
    }
}
