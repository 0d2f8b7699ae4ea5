package io.fabula.application.port.out;

import io.fabula.domain.id.EventId;
import io.fabula.domain.id.SessionId;
import java.util.List;
import java.util.Objects;

/**
 * What an accepted command left behind, as stored in the inbox and answered again on a replay.
 *
 * @param version the session version the command produced
 * @param events  the ids of the events it caused, in order
 */
public record CommandResult(SessionId sessionId, long version, List<EventId> events) {
    public CommandResult {
        Objects.requireNonNull(sessionId, "session id");
        events = List.copyOf(events);
        if (version < 1 || events.isEmpty()) {
            throw new IllegalArgumentException("an accepted command produced a version and at least one event");
        }
    }
}
