package io.fabula.application.port.out;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.SessionId;
import java.util.List;

/** The domain events of every session ({@code domain_events}), append-only and gapless per session. */
public interface EventStore {

    /**
     * Appends events in the order given.
     *
     * @throws StoreConflict {@code STALE_VERSION} when a sequence of the session is taken: another
     *                       writer appended first (the store's own guard, besides the session's version)
     */
    void append(List<DomainEvent> events);

    /** The session's whole history, by sequence; empty for an unknown session. */
    List<DomainEvent> history(SessionId session);

    /** The events a command caused (their causation id is its idempotency key), by sequence. */
    List<DomainEvent> causedBy(CommandId command);
}
