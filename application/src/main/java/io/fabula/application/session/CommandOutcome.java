package io.fabula.application.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.SessionId;
import java.util.List;
import java.util.Objects;

/** The answer to a command: what it caused (now or, for a replay, the first time), or why not. */
public sealed interface CommandOutcome {

    /**
     * @param version  the session version the command produced (the next {@code If-Match})
     * @param events   the events it caused, in order
     * @param replayed true when the idempotency key had been used before: the stored result is
     *                 answered again and nothing new was written
     */
    record Accepted(SessionId sessionId, long version, List<DomainEvent> events, boolean replayed)
            implements CommandOutcome {
        public Accepted {
            Objects.requireNonNull(sessionId, "session id");
            events = List.copyOf(events);
        }
    }

    /** Nothing was written. */
    record Rejected(Failure failure) implements CommandOutcome {
        public Rejected {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
