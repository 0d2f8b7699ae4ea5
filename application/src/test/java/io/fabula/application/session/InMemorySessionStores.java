package io.fabula.application.session;

import io.fabula.application.port.out.BranchPoint;
import io.fabula.application.port.out.CommandInbox;
import io.fabula.application.port.out.CommandResult;
import io.fabula.application.port.out.ConversationLog;
import io.fabula.application.port.out.ConversationRound;
import io.fabula.application.port.out.EventStore;
import io.fabula.application.port.out.InboxEntry;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.port.out.ProcessedEvents;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.port.out.SessionStore;
import io.fabula.application.port.out.SessionStores;
import io.fabula.application.port.out.StoreConflict;
import io.fabula.application.port.out.UnitOfWork;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.SessionId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * All command-path stores in memory, with real transactions: a work runs alone (one lock) on a copy of
 * the state, which replaces the state only when the work returns. A {@link #failOn} hook makes one kind
 * of write throw, to prove a command leaves nothing partial behind.
 */
final class InMemorySessionStores implements UnitOfWork {

    enum Write { SESSION, ROUND, EVENTS, OUTBOX, INBOX_RECEIVE, INBOX_COMPLETE, INBOX_FAIL }

    /** A message in the outbox. */
    record OutboxRow(String topic, String key, DomainEvent event) {
    }

    private static final class State {
        final Map<SessionId, SessionRecord> sessions = new LinkedHashMap<>();
        final Map<SessionId, BranchPoint> branchPoints = new LinkedHashMap<>();
        final List<ConversationRound> rounds = new ArrayList<>();
        final List<DomainEvent> events = new ArrayList<>();
        final List<OutboxRow> outbox = new ArrayList<>();
        final Map<CommandId, InboxEntry> inbox = new LinkedHashMap<>();
        final Set<String> processed = new HashSet<>();

        State copy() {
            State copy = new State();
            copy.sessions.putAll(sessions);
            copy.branchPoints.putAll(branchPoints);
            copy.rounds.addAll(rounds);
            copy.events.addAll(events);
            copy.outbox.addAll(outbox);
            copy.inbox.putAll(inbox);
            copy.processed.addAll(processed);
            return copy;
        }
    }

    private State committed = new State();
    private Predicate<Write> failing = write -> false;
    private int transactions;

    void failOn(Write write) {
        failing = write::equals;
    }

    /** Puts a command in the inbox as if it had been received and not yet processed. */
    synchronized void pending(InboxEntry entry) {
        committed.inbox.put(entry.commandId(), entry);
    }

    @Override
    public synchronized <T> T transact(Work<T> work) {
        transactions++;
        State working = committed.copy();
        T result = work.run(new Stores(working));
        committed = working;
        return result;
    }

    synchronized int transactions() {
        return transactions;
    }

    synchronized List<SessionRecord> sessions() {
        return List.copyOf(committed.sessions.values());
    }

    synchronized List<ConversationRound> rounds() {
        return List.copyOf(committed.rounds);
    }

    synchronized List<DomainEvent> events() {
        return List.copyOf(committed.events);
    }

    synchronized List<OutboxRow> outbox() {
        return List.copyOf(committed.outbox);
    }

    synchronized List<InboxEntry> inbox() {
        return List.copyOf(committed.inbox.values());
    }

    private void check(Write write) {
        if (failing.test(write)) {
            throw new IllegalStateException("injected failure writing " + write);
        }
    }

    private final class Stores implements SessionStores, SessionStore, ConversationLog, EventStore, Outbox, CommandInbox,
            ProcessedEvents {
        private final State state;

        Stores(State state) {
            this.state = state;
        }

        @Override public SessionStore sessions() { return this; }
        @Override public ConversationLog rounds() { return this; }
        @Override public EventStore events() { return this; }
        @Override public Outbox outbox() { return this; }
        @Override public CommandInbox inbox() { return this; }
        @Override public ProcessedEvents processedEvents() { return this; }

        @Override
        public boolean firstTime(String consumerGroup, EventId event) {
            return state.processed.add(consumerGroup + "/" + event);
        }

        @Override
        public Optional<SessionRecord> find(SessionId id) {
            return Optional.ofNullable(state.sessions.get(id));
        }

        @Override
        public void save(SessionRecord session, long previousVersion) {
            check(Write.SESSION);
            SessionRecord stored = state.sessions.get(session.id());
            if (previousVersion == 0 && stored != null) {
                throw new StoreConflict(StoreConflict.Reason.SESSION_EXISTS, stored.version(), "exists");
            }
            if (previousVersion > 0 && (stored == null || stored.version() != previousVersion)) {
                throw new StoreConflict(StoreConflict.Reason.STALE_VERSION, stored == null ? 0 : stored.version(), "stale");
            }
            state.sessions.put(session.id(), session);
        }

        @Override
        public void saveBranch(SessionRecord branch, BranchPoint from) {
            save(branch, 0);
            state.branchPoints.put(branch.id(), from);
        }

        @Override
        public Optional<BranchPoint> branchPoint(SessionId id) {
            return Optional.ofNullable(state.branchPoints.get(id));
        }

        @Override
        public void record(ConversationRound round) {
            check(Write.ROUND);
            if (state.rounds.stream().anyMatch(r -> r.sessionId().equals(round.sessionId()) && r.roundPath().equals(round.roundPath()))) {
                throw new StoreConflict(StoreConflict.Reason.STALE_VERSION, 0, "round taken");
            }
            state.rounds.add(round);
        }

        @Override
        public List<ConversationRound> rounds(SessionId session) {
            return state.rounds.stream().filter(r -> r.sessionId().equals(session)).toList();
        }

        @Override
        public void append(List<DomainEvent> events) {
            check(Write.EVENTS);
            state.events.addAll(events);
        }

        @Override
        public List<DomainEvent> history(SessionId session) {
            return state.events.stream().filter(e -> e.aggregateId().equals(session)).toList();
        }

        @Override
        public List<DomainEvent> causedBy(CommandId command) {
            return state.events.stream().filter(e -> e.causationId().value().equals(command.value())).toList();
        }

        @Override
        public void enqueue(String topic, List<DomainEvent> events) {
            check(Write.OUTBOX);
            events.forEach(event -> state.outbox.add(new OutboxRow(topic, event.aggregateId().toString(), event)));
        }

        @Override
        public Optional<InboxEntry> find(CommandId command) {
            return Optional.ofNullable(state.inbox.get(command));
        }

        @Override
        public void receive(InboxEntry entry) {
            check(Write.INBOX_RECEIVE);
            InboxEntry earlier = state.inbox.get(entry.commandId());
            if (earlier != null && earlier.status() != InboxEntry.Status.FAILED) {
                throw new StoreConflict(StoreConflict.Reason.IDEMPOTENCY_KEY_TAKEN, 0, "taken");
            }
            boolean pending = state.inbox.values().stream().anyMatch(other -> other.sessionId().equals(entry.sessionId())
                    && other.commandType().equals(entry.commandType())
                    && (other.status() == InboxEntry.Status.RECEIVED || other.status() == InboxEntry.Status.PROCESSING));
            if (pending) {
                SessionRecord stored = state.sessions.get(entry.sessionId());
                throw new StoreConflict(StoreConflict.Reason.COMMAND_PENDING, stored == null ? 0 : stored.version(), "pending");
            }
            state.inbox.put(entry.commandId(), entry);
        }

        @Override
        public void fail(InboxEntry entry) {
            check(Write.INBOX_FAIL);
            InboxEntry earlier = state.inbox.get(entry.commandId());
            if (earlier == null || earlier.status() == InboxEntry.Status.FAILED
                    && earlier.requestHash().equals(entry.requestHash())) {
                state.inbox.put(entry.commandId(), entry);
            }
        }

        @Override
        public void complete(CommandId command, CommandResult result) {
            check(Write.INBOX_COMPLETE);
            InboxEntry entry = state.inbox.get(command);
            state.inbox.put(command, new InboxEntry(entry.commandId(), entry.sessionId(), entry.userId(),
                    entry.commandType(), entry.requestHash(), InboxEntry.Status.COMPLETED, Optional.of(result)));
        }
    }
}
