package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.session.SessionCommand.ConfirmStage;
import io.fabula.domain.session.SessionCommand.RecordProposal;
import io.fabula.domain.session.SessionCommand.RecordReview;
import io.fabula.domain.session.SessionCommand.StartSession;
import io.fabula.domain.stage.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Sends commands to one session the way a well-behaved client does: a fresh idempotency key and
 * the current version each time. Keeps every event, so tests can rehydrate and compare.
 */
public final class SessionDriver {
    public static final SessionId SESSION = SessionId.of("01956a1e-0000-7000-8000-000000000001");
    public static final UserId WRITER = UserId.of("01956a1e-0000-7000-8000-0000000000aa");
    public static final UserId STRANGER = UserId.of("01956a1e-0000-7000-8000-0000000000bb");
    public static final NovelId NOVEL = NovelId.of("01956a1e-0000-7000-8000-0000000000cc");
    public static final String SEED = "A lighthouse keeper finds a door in the sea";

    private final GenesisSession session;
    private final List<DomainEvent> history = new ArrayList<>();
    private int sent;

    public SessionDriver(GenesisSession session) {
        this.session = session;
    }

    public static SessionDriver fresh() {
        return new SessionDriver(GenesisSession.notStarted(SESSION, TestEnvironment.fixed()));
    }

    public GenesisSession session() {
        return session;
    }

    public List<DomainEvent> history() {
        return List.copyOf(history);
    }

    /** The meta of the next command: a new key, the current version, the owner. */
    public CommandMeta meta() {
        return meta(ExpectedVersion.exactly(session.version()));
    }

    public CommandMeta meta(ExpectedVersion expected) {
        sent++;
        return new CommandMeta(new CommandId("cmd-" + sent), SESSION, expected, WRITER,
                new CorrelationId("corr-" + sent), "4bf92f3577b34da6a3ce929d0e0e4736");
    }

    public Decision send(SessionCommand command) {
        Decision decision = session.handle(command);
        history.addAll(decision.newEvents());
        return decision;
    }

    public Decision send(Function<CommandMeta, SessionCommand> command) {
        return send(command.apply(meta()));
    }

    /** Sends and insists it is accepted: for arranging a test, not for what it asserts. */
    public Decision.Accepted accept(Function<CommandMeta, SessionCommand> command) {
        Decision decision = send(command);
        if (!(decision instanceof Decision.Accepted accepted)) {
            throw new AssertionError("arrangement rejected: " + decision);
        }
        return accepted;
    }

    public SessionDriver start() {
        accept(meta -> new StartSession(meta, SEED, NOVEL));
        return this;
    }

    public SessionDriver propose(Stage stage) {
        accept(meta -> new RecordProposal(meta, stage, "a proposal for " + stage, null, List.of()));
        return this;
    }

    public SessionDriver review(Stage stage, double score) {
        accept(meta -> new RecordReview(meta, stage, score, List.of("a finding")));
        return this;
    }

    public SessionDriver confirm(Stage stage) {
        accept(meta -> new ConfirmStage(meta, stage));
        return this;
    }
}
