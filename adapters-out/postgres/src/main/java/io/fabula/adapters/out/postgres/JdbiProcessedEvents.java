package io.fabula.adapters.out.postgres;

import io.fabula.application.port.out.ProcessedEvents;
import io.fabula.domain.id.EventId;
import org.jdbi.v3.core.Handle;

/**
 * {@code consumer_dedup}: {@code on conflict do nothing} makes a concurrent second insert of the same
 * pair wait for the first transaction, then insert nothing, so "first time" is decided by the database.
 */
final class JdbiProcessedEvents implements ProcessedEvents {
    private final Handle handle;

    JdbiProcessedEvents(Handle handle) {
        this.handle = handle;
    }

    @Override
    public boolean firstTime(String consumerGroup, EventId event) {
        return handle.createUpdate("""
                        insert into consumer_dedup (consumer_group, event_id) values (:group, :eventId)
                        on conflict (consumer_group, event_id) do nothing""")
                .bind("group", consumerGroup)
                .bind("eventId", event.value())
                .execute() == 1;
    }
}
