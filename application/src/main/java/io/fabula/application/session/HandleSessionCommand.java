package io.fabula.application.session;

import io.fabula.application.port.out.BranchPoint;
import io.fabula.application.port.out.CommandResult;
import io.fabula.application.port.out.ConversationRound;
import io.fabula.application.port.out.InboxEntry;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.port.out.SessionStores;
import io.fabula.application.port.out.StoreConflict;
import io.fabula.application.port.out.UnitOfWork;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventType;
import io.fabula.domain.id.EventId;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.Decision;
import io.fabula.domain.session.GenesisSession;
import io.fabula.domain.session.SessionCommand.BranchSession;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.session.SessionEnvironment;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The command path of SPEC §3 step 1 for every command of SPEC §2: load the session, let it decide,
 * and write the decision in one transaction — session row (version + 1), conversation round, domain
 * events, one outbox row per event (topic {@value Outbox#SESSION_EVENTS}, key = session id) and the
 * inbox record with the result — or nothing.
 *
 * <p>Why one handler and not a class per command: the domain already dispatches on the sealed
 * command type, so thirteen use-case classes would be thirteen copies of these same steps. What
 * differs per command (who speaks in the round, which text it carries) is one table,
 * {@link CommandTable}. The HTTP layer reaches every command through {@link #submit}; workers hand
 * their Record* commands to {@link #handle}.
 *
 * <p>Idempotency: a key seen before with the same request replays the stored result (same version,
 * same events, nothing written); with another request it is a Validation failure. Two transactions
 * with one key collide on the inbox record; the loser re-reads and replays the winner's result.
 * A command of a type still pending on the session is a Conflict. A stale expected version is a
 * Conflict carrying the current version. A refused command writes nothing but its inbox record
 * (status FAILED with the failure, so {@code GET …/commands/{id}} can tell why); sent again with the
 * same key and request it is decided afresh, since it changed nothing.
 */
public final class HandleSessionCommand {
    private final UnitOfWork unitOfWork;
    private final SessionEnvironment environment;
    private final CommandLimits limits;

    public HandleSessionCommand(UnitOfWork unitOfWork, SessionEnvironment environment, CommandLimits limits) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unit of work");
        this.environment = Objects.requireNonNull(environment, "session environment");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * A command as the API receives it: its type and payload are validated here (Validation when
     * wrong, recorded as a FAILED command so its status can be asked for).
     */
    public CommandOutcome submit(CommandRequest request, CommandMeta meta) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(meta, "meta");
        SessionCommand command;
        try {
            command = request.toCommand(meta);
        } catch (IllegalArgumentException | NullPointerException e) {
            Failure failure = Failure.Validation.of(
                    request.type() + ": " + (e.getMessage() == null ? "invalid payload" : e.getMessage()));
            return refuse(InboxEntry.failed(meta.commandId(), meta.sessionId(), meta.userId(), request.type(),
                    CommandTable.fingerprint(request, meta), failure));
        }
        return handle(command);
    }

    public CommandOutcome handle(SessionCommand command) {
        Objects.requireNonNull(command, "command");
        String fingerprint = CommandTable.fingerprint(command);
        Optional<Failure> tooLong = checkLimits(command);
        if (tooLong.isPresent()) {
            return refuse(failedEntry(command, fingerprint, tooLong.get()));
        }
        try {
            return unitOfWork.transact(stores -> decideAndRecord(stores, command, fingerprint));
        } catch (StoreConflict conflict) {
            if (conflict.reason() != StoreConflict.Reason.IDEMPOTENCY_KEY_TAKEN) {
                return refuse(failedEntry(command, fingerprint, answer(conflict, command)));
            }
        }
        // a concurrent transaction recorded the same key and committed: answer with its result
        try {
            return unitOfWork.transact(stores -> decideAndRecord(stores, command, fingerprint));
        } catch (StoreConflict conflict) {
            Failure failure = answer(conflict, command);
            return conflict.reason() == StoreConflict.Reason.IDEMPOTENCY_KEY_TAKEN
                    ? new CommandOutcome.Rejected(failure) // the key is another request's: nothing of ours to record
                    : refuse(failedEntry(command, fingerprint, failure));
        }
    }

    /** Records the refusal in its own transaction (the command's own one rolled back, or never began). */
    private CommandOutcome refuse(InboxEntry failed) {
        unitOfWork.transact(stores -> {
            stores.inbox().fail(failed);
            return null;
        });
        return new CommandOutcome.Rejected(failed.failure().orElseThrow());
    }

    private static InboxEntry failedEntry(SessionCommand command, String fingerprint, Failure failure) {
        return InboxEntry.failed(command.commandId(), command.sessionId(), command.userId(), CommandTable.type(command),
                fingerprint, failure);
    }

    private CommandOutcome decideAndRecord(SessionStores stores, SessionCommand command, String fingerprint) {
        Optional<InboxEntry> earlier = stores.inbox().find(command.commandId());
        if (earlier.isPresent() && !sentAgainAfterRefusal(earlier.get(), fingerprint)) {
            return replay(stores, earlier.get(), command, fingerprint);
        }
        SessionId id = command.sessionId();
        SessionHistory history = SessionHistory.load(stores.events(), id);
        GenesisSession session = history.own().isEmpty()
                ? GenesisSession.notStarted(id, environment)
                : GenesisSession.rehydrate(id, history.inherited(), history.own(), environment);
        long previousVersion = session.version();

        Decision decision = session.handle(command);
        if (decision instanceof Decision.Rejected rejected) {
            // nothing but the refusal itself is written: the session, its events and the outbox stay as they were
            stores.inbox().fail(failedEntry(command, fingerprint, rejected.failure()));
            return new CommandOutcome.Rejected(rejected.failure());
        }
        Decision.Accepted accepted = (Decision.Accepted) decision;
        if (accepted.replayed()) {
            // the session remembers the key but the inbox does not (cannot happen unless the inbox was pruned)
            return new CommandOutcome.Accepted(id, session.version(), accepted.events(), true);
        }
        List<DomainEvent> events = accepted.events();
        String type = CommandTable.type(command);
        // the inbox first: a concurrent command with the same key, or of the same pending type, collides here
        stores.inbox().receive(InboxEntry.received(command.commandId(), id, command.userId(), type, fingerprint));
        stores.sessions().save(SessionRecord.of(session), previousVersion);
        stores.rounds().record(new ConversationRound(id, session.roundPath(), CommandTable.role(command),
                type, command.commandId(), CommandTable.writerText(command), CommandTable.agentText(command),
                command.meta().correlationId()));
        stores.events().append(events);
        stores.outbox().enqueue(Outbox.SESSION_EVENTS, events);
        if (command instanceof BranchSession branch) {
            startBranch(stores, branch, history.rounds(branch.fromRound()), events);
        }
        stores.inbox().complete(command.commandId(), new CommandResult(id, session.version(),
                events.stream().map(DomainEvent::eventId).toList()));
        return new CommandOutcome.Accepted(id, session.version(), events, false);
    }

    /**
     * The branch the parent just announced (its {@code BranchCreated} names the new id), created in the
     * same transaction: a session of its own that starts from the parent's state after
     * {@code fromRound}, with its own first event and round, relayed like any other.
     */
    private void startBranch(SessionStores stores, BranchSession command, List<DomainEvent> inherited,
                             List<DomainEvent> parentEvents) {
        SessionId parentId = command.sessionId();
        SessionId branchId = parentEvents.stream()
                .filter(event -> event.type() == EventType.BRANCH_CREATED)
                .map(event -> SessionId.of(event.payload().attribute(EventPayload.Attributes.BRANCH_SESSION_ID)))
                .findFirst().orElseThrow(() -> new IllegalStateException("an accepted branch announces its session"));
        GenesisSession branch = GenesisSession.rehydrate(branchId, inherited, List.of(), environment);
        String fromPath = branch.roundPath();
        Decision decision = branch.startBranch(command, parentId);
        if (!(decision instanceof Decision.Accepted accepted)) {
            throw new IllegalStateException("the parent accepted the branch, the branch refused: " + decision);
        }
        stores.sessions().saveBranch(SessionRecord.of(branch), new BranchPoint(parentId, command.fromRound(), fromPath));
        stores.rounds().record(new ConversationRound(branchId, branch.roundPath(), ConversationRound.Role.SYSTEM,
                CommandTable.type(command), command.commandId(), null,
                "branched from session " + parentId + " after round " + fromPath, command.meta().correlationId()));
        stores.events().append(accepted.events());
        stores.outbox().enqueue(Outbox.SESSION_EVENTS, accepted.events());
    }

    /** A refused command changed nothing, so the same request under the same key is simply decided again. */
    private static boolean sentAgainAfterRefusal(InboxEntry earlier, String fingerprint) {
        return earlier.status() == InboxEntry.Status.FAILED && earlier.requestHash().equals(fingerprint);
    }

    private CommandOutcome replay(SessionStores stores, InboxEntry earlier, SessionCommand command, String fingerprint) {
        if (!earlier.requestHash().equals(fingerprint)) {
            // name what the key was used for only to its own writer: another writer's session stays unseen
            String usedFor = earlier.userId().equals(command.userId())
                    ? " (" + earlier.commandType() + " on session " + earlier.sessionId() + ")" : "";
            return new CommandOutcome.Rejected(Failure.Validation.of("Idempotency-Key '" + command.commandId()
                    + "' was already used for a different request" + usedFor + "; use a new key for a new request"));
        }
        if (earlier.status() != InboxEntry.Status.COMPLETED) {
            return new CommandOutcome.Rejected(new Failure.Conflict("command '" + command.commandId() + "' is "
                    + earlier.status() + "; ask for its status instead of sending it again", 0));
        }
        CommandResult result = earlier.result().orElseThrow();
        // a BranchSession also caused its branch's first event: the answer is about the session it was sent to
        List<DomainEvent> events = stores.events().causedBy(command.commandId()).stream()
                .filter(event -> event.aggregateId().equals(result.sessionId())).toList();
        List<EventId> ids = events.stream().map(DomainEvent::eventId).toList();
        if (!ids.equals(result.events())) {
            throw new IllegalStateException("the inbox and the event store disagree about command " + command.commandId());
        }
        return new CommandOutcome.Accepted(result.sessionId(), result.version(), events, true);
    }

    private Failure answer(StoreConflict conflict, SessionCommand command) {
        // a store that lost on a unique index cannot read inside its aborted transaction: read the version now
        long current = conflict.currentVersion() > 0 ? conflict.currentVersion() : currentVersion(command.sessionId());
        return switch (conflict.reason()) {
            // worded like the session's own stale-version refusal: which of the two caught the race is luck
            case STALE_VERSION -> new Failure.Conflict("expected version " + command.expectedVersion()
                    + " but the session is at " + current + " (another command was accepted concurrently)", current);
            case SESSION_EXISTS -> new Failure.Conflict("session " + command.sessionId() + " already exists", current);
            case COMMAND_PENDING -> new Failure.Conflict("a " + CommandTable.type(command)
                    + " command is already pending on session " + command.sessionId(), current);
            case IDEMPOTENCY_KEY_TAKEN -> new Failure.Conflict("Idempotency-Key '" + command.commandId()
                    + "' is being used by another request at this moment", current);
        };
    }

    private long currentVersion(SessionId id) {
        return unitOfWork.transact(stores -> stores.sessions().find(id).map(SessionRecord::version).orElse(0L));
    }

    private Optional<Failure> checkLimits(SessionCommand command) {
        String text = CommandTable.writerText(command);
        if (text != null && text.length() > limits.maxTextLength()) {
            return Optional.of(Failure.Validation.of(CommandTable.type(command) + ": the text is " + text.length()
                    + " characters long; at most " + limits.maxTextLength() + " are allowed"));
        }
        return Optional.empty();
    }
}
