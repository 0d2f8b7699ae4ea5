package io.fabula.application.port.out;

import io.fabula.domain.event.DomainEvent;
import java.util.List;
import java.util.Objects;

/**
 * Every domain event ever recorded, in the order they were committed, read page by page: how derived data
 * (the story memory, the story graph) is rebuilt from PostgreSQL, the source of truth.
 */
public interface EventArchive {

    /** @param after the position of the last event already read; 0 to start from the beginning */
    Page read(long after, int limit);

    /** @param last the position to pass as {@code after} for the next page; the same when the page is empty */
    record Page(List<DomainEvent> events, long last) {
        public Page {
            events = List.copyOf(Objects.requireNonNull(events, "events"));
        }

        public boolean isEmpty() {
            return events.isEmpty();
        }
    }
}
