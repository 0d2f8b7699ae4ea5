package io.fabula.application.session;

import io.fabula.application.port.out.BranchPoint;
import io.fabula.application.port.out.ConversationRound;
import io.fabula.application.port.out.InboxEntry;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.port.out.SessionStores;
import io.fabula.application.port.out.UnitOfWork;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reads of the command side (SPEC §6): a session, its rounds, a command's status with the events
 * it caused. Each answers empty for a session that does not exist <em>or belongs to another
 * writer</em>: the API answers 404 for both and never reveals which (SPEC §6).
 */
public final class SessionQueries {
    private final UnitOfWork unitOfWork;

    public SessionQueries(UnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unit of work");
    }

    public Optional<SessionRecord> session(SessionId id, UserId reader) {
        return unitOfWork.transact(stores -> stores.sessions().find(id).filter(s -> s.owner().equals(reader)));
    }

    /**
     * The session's conversation in order. A branch's starts with the rounds it shares with its parent
     * (up to the fork, each still carrying the parent's session id and path) and goes on with its own
     * ({@code 2.1}, {@code 2.2}, ...).
     */
    public Optional<List<ConversationRound>> rounds(SessionId id, UserId reader) {
        return unitOfWork.transact(stores -> stores.sessions().find(id)
                .filter(s -> s.owner().equals(reader))
                .map(s -> conversation(stores, id)));
    }

    /** For a branch: the session it was forked from and after which round; empty for any other session. */
    public Optional<BranchPoint> branchPoint(SessionId id, UserId reader) {
        return unitOfWork.transact(stores -> stores.sessions().find(id)
                .filter(s -> s.owner().equals(reader))
                .flatMap(s -> stores.sessions().branchPoint(id)));
    }

    private static List<ConversationRound> conversation(SessionStores stores, SessionId id) {
        List<ConversationRound> own = stores.rounds().rounds(id);
        Optional<BranchPoint> from = stores.sessions().branchPoint(id);
        if (from.isEmpty()) {
            return own;
        }
        List<ConversationRound> parent = conversation(stores, from.get().parent());
        List<ConversationRound> all = new ArrayList<>(parent.subList(0, (int) Math.min(from.get().fromRound(), parent.size())));
        all.addAll(own);
        return all;
    }

    /** A command's status and, once completed, the events it caused, in order; once refused, why (FAILED). */
    public Optional<CommandStatus> command(SessionId id, CommandId command, UserId reader) {
        return unitOfWork.transact(stores -> stores.inbox().find(command)
                .filter(entry -> entry.sessionId().equals(id) && entry.userId().equals(reader))
                .map(entry -> new CommandStatus(entry, entry.status() == InboxEntry.Status.COMPLETED
                        ? stores.events().causedBy(command).stream()
                                .filter(event -> event.aggregateId().equals(id)).toList()
                        : List.of())));
    }

    /** @param events the events the command caused; empty until it completes */
    public record CommandStatus(InboxEntry entry, List<DomainEvent> events) {
        public CommandStatus {
            Objects.requireNonNull(entry, "entry");
            events = List.copyOf(events);
        }

        public InboxEntry.Status status() {
            return entry.status();
        }

        /** Why a FAILED command was refused; empty for any other status. */
        public Optional<Failure> failure() {
            return entry.failure();
        }
    }
}
