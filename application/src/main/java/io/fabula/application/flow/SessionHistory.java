package io.fabula.application.flow;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.SessionId;
import java.util.List;

/** A session's stored events, in sequence order: what an agent reads to know the story so far. */
@FunctionalInterface
public interface SessionHistory {

    /** Empty for an unknown session. Failures of the store are unchecked exceptions (Transient at the edge). */
    List<DomainEvent> of(SessionId session);
}
