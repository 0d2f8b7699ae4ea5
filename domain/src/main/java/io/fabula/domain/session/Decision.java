package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.Failure;

import java.util.List;
import java.util.Objects;

/** What the session decided about a command: the events it caused, or why it refused. */
public sealed interface Decision {

    /** The events the caller must persist now: none for a rejection or a replay. */
    List<DomainEvent> newEvents();

    /**
     * @param events   at least one, with consecutive sequences
     * @param replayed true when the command had been applied before: these are the events it caused
     *                 then, returned again so the caller can answer the same; nothing new happened
     */
    record Accepted(List<DomainEvent> events, boolean replayed) implements Decision {
        public Accepted {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("an accepted command emits at least one event");
            }
        }

        @Override
        public List<DomainEvent> newEvents() {
            return replayed ? List.of() : events;
        }

        Accepted asReplay() {
            return new Accepted(events, true);
        }
    }

    record Rejected(Failure failure) implements Decision {
        public Rejected {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public List<DomainEvent> newEvents() {
            return List.of();
        }
    }
}
