package io.fabula.adapters.out.postgres;

import io.fabula.application.port.out.Outbox;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@code event_outbox}: one PENDING row per event, the envelope as payload and the Kafka headers a
 * consumer routes by without parsing the body. Rows are numbered by an identity column in insert
 * order, which is the order the relay must keep per key.
 */
final class JdbiOutbox implements Outbox {
    private final Handle handle;
    private final EventEnvelopeCodec codec;

    JdbiOutbox(Handle handle, EventEnvelopeCodec codec) {
        this.handle = handle;
        this.codec = codec;
    }

    @Override
    public void enqueue(String topic, List<DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                insert into event_outbox (event_id, topic, key, partition_key, payload, headers)
                values (:eventId, :topic, :key, :key, cast(:payload as jsonb), cast(:headers as jsonb))""");
        for (DomainEvent event : events) {
            batch.bind("eventId", event.eventId().value())
                    .bind("topic", topic)
                    .bind("key", event.aggregateId().toString())
                    .bind("payload", codec.encodeToString(event))
                    .bind("headers", Json.write(headers(event)))
                    .add();
        }
        batch.execute();
        // delivered at commit (and only then), once per transaction: wakes the relays (PostgresOutboxSignal)
        handle.execute("notify " + PostgresOutboxSignal.CHANNEL);
    }

    private static Map<String, String> headers(DomainEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("event_id", event.eventId().toString());
        headers.put("event_type", event.type().typeName());
        headers.put("correlation_id", event.correlationId().value());
        headers.put("schema_version", Integer.toString(EventMetadata.CURRENT_SCHEMA_VERSION));
        headers.put("content_type", "application/json");
        return headers;
    }
}
