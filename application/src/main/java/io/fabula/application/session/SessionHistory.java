package io.fabula.application.session;

import io.fabula.application.port.out.EventStore;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.SessionId;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's whole history: its own events and, for a branch, the events it shares with its
 * ancestors up to the fork. A branch's first own event is a {@code BranchCreated} that names its
 * parent, and its sequence goes on where the inherited history stops, so the shared part is the
 * parent's (whole) history up to the sequence before it. A session that is no branch costs one read.
 */
record SessionHistory(List<DomainEvent> inherited, List<DomainEvent> own) {
    SessionHistory {
        inherited = List.copyOf(inherited);
        own = List.copyOf(own);
    }

    static SessionHistory load(EventStore events, SessionId id) {
        List<DomainEvent> own = events.history(id);
        if (own.isEmpty() || own.get(0).type() != EventType.BRANCH_CREATED) {
            return new SessionHistory(List.of(), own);
        }
        String parent = own.get(0).payload().attribute(Attributes.PARENT_SESSION_ID);
        if (parent == null) {
            throw new IllegalStateException("session " + id + " begins with a BranchCreated that names no parent");
        }
        long inheritedUpTo = own.get(0).sequence() - 1;
        List<DomainEvent> inherited = load(events, SessionId.of(parent)).all().stream()
                .filter(event -> event.sequence() <= inheritedUpTo).toList();
        return new SessionHistory(inherited, own);
    }

    List<DomainEvent> all() {
        List<DomainEvent> all = new ArrayList<>(inherited);
        all.addAll(own);
        return all;
    }

    /** The events of the first {@code rounds} accepted commands (one command's events share a causation id). */
    List<DomainEvent> rounds(long rounds) {
        List<DomainEvent> prefix = new ArrayList<>();
        long seen = 0;
        DomainEvent previous = null;
        for (DomainEvent event : all()) {
            if (previous == null || !previous.causationId().equals(event.causationId())) {
                if (++seen > rounds) {
                    break;
                }
            }
            prefix.add(event);
            previous = event;
        }
        return prefix;
    }
}
