package io.fabula.application.session;

import io.fabula.application.port.out.CommandResult;
import io.fabula.application.port.out.ConversationRound;
import io.fabula.application.port.out.InboxEntry;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.application.port.out.SessionStores;
import io.fabula.application.port.out.StoreConflict;
import io.fabula.application.port.out.UnitOfWork;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.EventId;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.Decision;
import io.fabula.domain.session.GenesisSession;
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
 * Conflict carrying the current version. A rejected command writes nothing.
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

    /** A command as the API receives it: its type and payload are validated here (Validation when wrong). */
    public CommandOutcome submit(CommandRequest request, CommandMeta meta) {
        SessionCommand command;
        try {
            command = request.toCommand(meta);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new CommandOutcome.Rejected(Failure.Validation.of(
                    request.type() + ": " + (e.getMessage() == null ? "invalid payload" : e.getMessage())));
        }
        return handle(command);
    }

    public CommandOutcome handle(SessionCommand command) {
        Objects.requireNonNull(command, "command");
        Optional<Failure> tooLong = checkLimits(command);
        if (tooLong.isPresent()) {
            return new CommandOutcome.Rejected(tooLong.get());
        }
        String fingerprint = CommandTable.fingerprint(command);
        try {
            return unitOfWork.transact(stores -> decideAndRecord(stores, command, fingerprint));
        } catch (StoreConflict conflict) {
            if (conflict.reason() != StoreConflict.Reason.IDEMPOTENCY_KEY_TAKEN) {
                return new CommandOutcome.Rejected(answer(conflict, command));
            }
        }
        // a concurrent transaction recorded the same key and committed: answer with its result
        try {
            return unitOfWork.transact(stores -> decideAndRecord(stores, command, fingerprint));
        } catch (StoreConflict conflict) {
            return new CommandOutcome.Rejected(answer(conflict, command));
        }
    }

    private CommandOutcome decideAndRecord(SessionStores stores, SessionCommand command, String fingerprint) {
        Optional<InboxEntry> earlier = stores.inbox().find(command.commandId());
        if (earlier.isPresent()) {
            return replay(stores, earlier.get(), command, fingerprint);
        }
        SessionId id = command.sessionId();
        List<DomainEvent> history = stores.events().history(id);
        GenesisSession session = history.isEmpty()
                ? GenesisSession.notStarted(id, environment)
                : GenesisSession.rehydrate(id, history, environment);
        long previousVersion = session.version();

        Decision decision = session.handle(command);
        if (decision instanceof Decision.Rejected rejected) {
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
        stores.rounds().record(new ConversationRound(id, Long.toString(session.version()), CommandTable.role(command),
                type, command.commandId(), CommandTable.writerText(command), CommandTable.agentText(command),
                command.meta().correlationId()));
        stores.events().append(events);
        stores.outbox().enqueue(Outbox.SESSION_EVENTS, events);
        stores.inbox().complete(command.commandId(), new CommandResult(id, session.version(),
                events.stream().map(DomainEvent::eventId).toList()));
        return new CommandOutcome.Accepted(id, session.version(), events, false);
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
        List<DomainEvent> events = stores.events().causedBy(command.commandId());
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
