package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CausationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.quality.QualityVerdict;
import io.fabula.domain.session.SessionCommand.AbandonSession;
import io.fabula.domain.session.SessionCommand.BranchSession;
import io.fabula.domain.session.SessionCommand.ConfirmStage;
import io.fabula.domain.session.SessionCommand.PauseSession;
import io.fabula.domain.session.SessionCommand.RecordFailure;
import io.fabula.domain.session.SessionCommand.RecordProposal;
import io.fabula.domain.session.SessionCommand.RecordReview;
import io.fabula.domain.session.SessionCommand.ReopenStage;
import io.fabula.domain.session.SessionCommand.RequestProposal;
import io.fabula.domain.session.SessionCommand.ResumeSession;
import io.fabula.domain.session.SessionCommand.ReviseProposal;
import io.fabula.domain.session.SessionCommand.StartSession;
import io.fabula.domain.session.SessionCommand.SubmitMessage;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The genesis session aggregate (SPEC §2): a writer and the agents grow a story bible stage by
 * stage, each stage {@code IN_PROGRESS → AWAITING_REVIEW → LOCKED}, the next starting only when the
 * previous one is locked.
 *
 * <p>The session decides, it does not do: {@link #handle} answers every command with a
 * {@link Decision} — the events it caused or the {@link Failure} why not — and changes only itself.
 * Its state is the fold of its events ({@link #rehydrate}), so what is stored and what is decided
 * can never disagree. Each accepted command adds 1 to the {@link #version()} and emits at least one
 * event, numbered on from the last {@link #lastSequence() sequence} without gaps.
 *
 * <p>Checks, in order: the command is for this session; the session exists and is the sender's
 * (NotFound otherwise, never revealing another writer's session); the command was not applied before
 * (if it was, the same events are returned as a replay); the expected version is current
 * (Conflict with the current version otherwise); the session's status and the stage's state allow it
 * (Conflict otherwise). Not thread-safe: load, handle one command, persist.
 */
public final class GenesisSession {
    private final SessionId id;
    private final SessionEnvironment env;
    private final AppliedCommands applied = new AppliedCommands();
    private final EnumMap<Stage, StageState> stages = new EnumMap<>(Stage.class);
    private final EnumSet<Stage> proposedBefore = EnumSet.noneOf(Stage.class);
    private NovelId novelId;
    private UserId owner;
    private SessionStatus status = SessionStatus.ACTIVE;
    private int regenerations;
    private long version;
    private long lastSequence;
    /** Set for a branch: the session it was forked from, after which round, and that round's path. */
    private SessionId parent;
    private long forkRound;
    private String forkPath;

    private GenesisSession(SessionId id, SessionEnvironment env) {
        this.id = Objects.requireNonNull(id, "session id");
        this.env = Objects.requireNonNull(env, "environment");
        for (Stage stage : Stage.values()) {
            stages.put(stage, StageState.NOT_STARTED);
        }
    }

    /** A session that does not exist yet: it accepts only {@link StartSession}. */
    public static GenesisSession notStarted(SessionId id, SessionEnvironment env) {
        return new GenesisSession(id, env);
    }

    /**
     * Rebuilds a session from its stored events, including the memory of its recent commands
     * (from the events' causation ids).
     *
     * @throws IllegalArgumentException if the history belongs to another session or has a gap: a
     *                                  corrupt store, not a business rule
     */
    public static GenesisSession rehydrate(SessionId id, List<DomainEvent> history, SessionEnvironment env) {
        return rehydrate(id, List.of(), history, env);
    }

    /**
     * Rebuilds a branch: {@code inherited} is the history it shares with the session it was forked
     * from (its ancestors' events up to the fork, any aggregate), {@code own} its own events, which
     * go on numbering where the inherited ones stop. For a session that is no branch, {@code inherited}
     * is empty.
     *
     * @throws IllegalArgumentException if an own event belongs to another session or the whole has a gap
     */
    public static GenesisSession rehydrate(SessionId id, List<DomainEvent> inherited, List<DomainEvent> own,
                                           SessionEnvironment env) {
        GenesisSession session = new GenesisSession(id, env);
        session.fold(inherited, false);
        session.fold(own, true);
        return session;
    }

    private void fold(List<DomainEvent> history, boolean own) {
        List<DomainEvent> command = new ArrayList<>();
        for (DomainEvent event : history) {
            if (own && !event.aggregateId().equals(id)) {
                throw new IllegalArgumentException("event " + event.eventId() + " belongs to " + event.aggregateId());
            }
            if (!command.isEmpty() && !command.get(0).causationId().equals(event.causationId())) {
                commit(command);
                command = new ArrayList<>();
            }
            long expected = lastSequence + command.size() + 1;
            if (event.sequence() != expected) {
                throw new IllegalArgumentException("expected sequence " + expected + " but got " + event.sequence());
            }
            command.add(event);
        }
        if (!command.isEmpty()) {
            commit(command);
        }
    }

    /**
     * Starts this session as a branch of {@code parentId}: called on a session rehydrated from exactly
     * the parent's first {@code branch.fromRound()} rounds, right after the parent accepted
     * {@code branch}. The branch carries on from that round with the parent's state, owner and
     * novel; its first own event is a {@code BranchCreated} naming the parent and the round, and
     * its rounds are numbered under that round's path ({@code 2.1}, {@code 2.2}, ...).
     */
    public Decision startBranch(BranchSession branch, SessionId parentId) {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(parentId, "parent");
        if (!exists() || version != branch.fromRound()) {
            throw new IllegalStateException("a branch starts from exactly " + branch.fromRound()
                    + " inherited rounds, not " + version);
        }
        if (!owner.equals(branch.userId())) {
            return reject(new Failure.NotFound("no genesis session " + parentId));
        }
        Decision decision = emit(branch).add(EventType.BRANCH_CREATED, currentStage(), Map.of(
                Attributes.PARENT_SESSION_ID, parentId.toString(),
                Attributes.FROM_ROUND, Long.toString(branch.fromRound()),
                Attributes.FROM_ROUND_PATH, roundPath(),
                Attributes.STAGE_STATE, stages.get(currentStage()).name())).accept();
        commit(((Decision.Accepted) decision).events());
        return decision;
    }

    /** Decides about one command; when it is accepted, the session moves on by its events. */
    public Decision handle(SessionCommand command) {
        Objects.requireNonNull(command, "command");
        if (!command.sessionId().equals(id)) {
            return reject(Failure.Validation.of("the command is for session " + command.sessionId() + ", not " + id));
        }
        if (exists() && !owner.equals(command.userId())) {
            return reject(new Failure.NotFound("no genesis session " + id));
        }
        Optional<Decision.Accepted> earlier = applied.find(command.commandId().value());
        if (earlier.isPresent()) {
            return earlier.get().asReplay();
        }
        Decision decision = decide(command);
        if (decision instanceof Decision.Accepted accepted) {
            commit(accepted.events());
        }
        return decision;
    }

    private Decision decide(SessionCommand command) {
        if (!exists()) {
            return command instanceof StartSession start
                    ? start(start)
                    : reject(new Failure.NotFound("no genesis session " + id));
        }
        if (command instanceof StartSession) {
            return conflict("the session has already started");
        }
        if (!command.expectedVersion().matches(version)) {
            return conflict("expected version " + command.expectedVersion() + " but the session is at " + version);
        }
        Failure refusal = statusRefuses(command);
        if (refusal != null) {
            return reject(refusal);
        }
        if (command instanceof SubmitMessage message) {
            return submitMessage(message);
        } else if (command instanceof RequestProposal request) {
            return requestProposal(request);
        } else if (command instanceof ReviseProposal revise) {
            return reviseProposal(revise);
        } else if (command instanceof ConfirmStage confirm) {
            return confirmStage(confirm);
        } else if (command instanceof ReopenStage reopen) {
            return reopenStage(reopen);
        } else if (command instanceof PauseSession pause) {
            return emit(pause).add(EventType.PAUSED, currentStage()).accept();
        } else if (command instanceof ResumeSession resume) {
            return resume(resume);
        } else if (command instanceof AbandonSession abandon) {
            return emit(abandon).add(EventType.ABANDONED, currentStage(),
                    Map.of(Attributes.PREVIOUS_STATUS, status.name())).accept();
        } else if (command instanceof BranchSession branch) {
            return branch(branch);
        } else if (command instanceof RecordProposal proposal) {
            return recordProposal(proposal);
        } else if (command instanceof RecordReview review) {
            return recordReview(review);
        } else {
            return recordFailure((RecordFailure) command);
        }
    }

    /** COMPLETED and ABANDONED accept nothing; PAUSED and FAILED only the ways out; ACTIVE all but Resume. */
    private Failure statusRefuses(SessionCommand command) {
        if (status.isTerminal()) {
            return conflictFailure("the session is " + status + " and accepts no more commands");
        }
        boolean wayOut = command instanceof ResumeSession
                || command instanceof AbandonSession
                || command instanceof BranchSession;
        if (status == SessionStatus.ACTIVE) {
            return command instanceof ResumeSession ? conflictFailure("the session is ACTIVE, not paused or failed") : null;
        }
        return wayOut ? null : conflictFailure("the session is " + status + "; resume it first");
    }

    private Decision start(StartSession start) {
        if (!start.expectedVersion().matches(0)) {
            return conflict("expected version " + start.expectedVersion() + " but the session does not exist yet");
        }
        return new Emission(start, start.novelId())
                .add(EventType.STARTED, Stage.first(), start.seedIdea(), null, Map.of())
                .add(EventType.SEED_REQUESTED, Stage.first(), start.seedIdea(), null, Map.of())
                .accept();
    }

    private Decision submitMessage(SubmitMessage message) {
        return emit(message).add(EventType.MESSAGE_SUBMITTED, currentStage(), message.text(), null, Map.of()).accept();
    }

    private Decision requestProposal(RequestProposal request) {
        Failure refusal = requireCurrent(request.stage(), StageState.IN_PROGRESS);
        if (refusal != null) {
            return reject(refusal);
        }
        Map<String, String> hints = request.hints().isEmpty() ? Map.of() : Map.of(Attributes.HINTS, request.hints());
        return emit(request).add(StageEvents.of(request.stage()).requested, request.stage(), hints).accept();
    }

    private Decision reviseProposal(ReviseProposal revise) {
        Failure refusal = requireCurrent(revise.stage(), StageState.AWAITING_REVIEW);
        if (refusal != null) {
            return reject(refusal);
        }
        return emit(revise).add(EventType.REVISION_REQUESTED, revise.stage(),
                Map.of(Attributes.FEEDBACK, revise.feedback())).accept();
    }

    private Decision confirmStage(ConfirmStage confirm) {
        Stage stage = confirm.stage();
        Failure refusal = requireCurrent(stage, StageState.AWAITING_REVIEW);
        if (refusal != null) {
            return reject(refusal);
        }
        Emission emission = emit(confirm);
        StageEvents.of(stage).confirmed().ifPresent(type -> emission.add(type, stage));
        emission.add(EventType.STAGE_COMPLETED, stage);
        Optional<Stage> next = stage.next();
        if (next.isPresent()) {
            emission.add(StageEvents.of(next.get()).requested, next.get());
        } else {
            emission.add(EventType.FINISHED, stage);
        }
        return emission.accept();
    }

    private Decision reopenStage(ReopenStage reopen) {
        StageState state = stages.get(reopen.stage());
        if (state != StageState.LOCKED) {
            return conflict("stage " + reopen.stage() + " is " + state + "; only a LOCKED stage can be reopened");
        }
        return emit(reopen).add(EventType.STAGE_REOPENED, reopen.stage(),
                Map.of(Attributes.REASON, reopen.reason())).accept();
    }

    private Decision resume(ResumeSession resume) {
        // a failed stage is retried from scratch; a paused one carries on where it stood
        StageState after = status == SessionStatus.FAILED ? StageState.IN_PROGRESS : stages.get(currentStage());
        return emit(resume).add(EventType.RESUMED, currentStage(), Map.of(
                Attributes.PREVIOUS_STATUS, status.name(),
                Attributes.STAGE_STATE, after.name())).accept();
    }

    private Decision branch(BranchSession branch) {
        if (branch.fromRound() > version) {
            return reject(Failure.Validation.of(
                    "round " + branch.fromRound() + " does not exist; the session has " + version + " rounds"));
        }
        return emit(branch).add(EventType.BRANCH_CREATED, currentStage(), Map.of(
                Attributes.BRANCH_SESSION_ID, new SessionId(env.ids().get()).toString(),
                Attributes.FROM_ROUND, Long.toString(branch.fromRound()))).accept();
    }

    private Decision recordProposal(RecordProposal proposal) {
        Stage stage = proposal.stage();
        Failure refusal = requireCurrent(stage, StageState.IN_PROGRESS);
        if (refusal != null) {
            return reject(refusal);
        }
        StageEvents row = StageEvents.of(stage);
        EventType type = proposedBefore.contains(stage) ? row.laterProposal : row.firstProposal;
        Emission emission = emit(proposal).add(type, stage, proposal.content(), proposal.qualityScore(), Map.of());
        for (String node : proposal.elements()) {
            emission.add(EventType.PLOT_NODE_CREATED, stage, node, null, Map.of());
        }
        return emission.accept();
    }

    private Decision recordReview(RecordReview review) {
        Stage stage = review.stage();
        Failure refusal = requireCurrent(stage, StageState.AWAITING_REVIEW);
        if (refusal != null) {
            return reject(refusal);
        }
        QualityVerdict verdict = env.quality().judge(review.score(), regenerations);
        String feedback = String.join("\n", review.findings());
        Map<String, String> reviewed = new AttributeBuilder()
                .with(Attributes.BAND, env.quality().band(review.score()).name())
                .with(Attributes.VERDICT, verdictName(verdict))
                .withIfPresent(Attributes.FEEDBACK, feedback)
                .build();
        Emission emission = emit(review).add(StageEvents.of(stage).reviewed, stage, null, review.score(), reviewed);
        if (verdict instanceof QualityVerdict.Revise) {
            emission.add(EventType.REVISION_REQUESTED, stage, new AttributeBuilder()
                    .withIfPresent(Attributes.FEEDBACK, feedback).build());
        } else if (verdict instanceof QualityVerdict.Regenerate regenerate) {
            emission.add(EventType.REGENERATION_REQUESTED, stage, new AttributeBuilder()
                    .with(Attributes.ATTEMPT, Integer.toString(regenerate.attempt()))
                    .with(Attributes.RETRY_DELAY_MS, Long.toString(regenerate.delay().toMillis()))
                    .withIfPresent(Attributes.FEEDBACK, feedback)
                    .build());
        } else if (verdict instanceof QualityVerdict.DeadLetter deadLetter) {
            emission.add(EventType.FAILED, stage, Map.of(
                    Attributes.FAILURE_KIND, FailureKind.QUALITY_REJECTED.name(),
                    Attributes.REASON, deadLetter.reason(),
                    Attributes.ATTEMPT, Integer.toString(regenerations + 1)));
        }
        return emission.accept();
    }

    private Decision recordFailure(RecordFailure failure) {
        Stage stage = failure.stage();
        // generation or review may fail: in an ACTIVE session the current stage is always in one of the two
        if (stage != currentStage()) {
            return conflict("stage " + stage + " is " + stages.get(stage) + "; the current stage is " + currentStage());
        }
        return emit(failure).add(EventType.FAILED, stage, Map.of(
                Attributes.FAILURE_KIND, failure.kind().name(),
                Attributes.REASON, failure.reason(),
                Attributes.ATTEMPT, Integer.toString(failure.attempts()))).accept();
    }

    private Failure requireCurrent(Stage stage, StageState required) {
        if (stage != currentStage()) {
            return conflictFailure("stage " + stage + " is " + stages.get(stage) + "; the current stage is " + currentStage());
        }
        StageState state = stages.get(stage);
        if (state != required) {
            return conflictFailure("stage " + stage + " is " + state + ", not " + required);
        }
        return null;
    }

    private static String verdictName(QualityVerdict verdict) {
        if (verdict instanceof QualityVerdict.Propose) {
            return "PROPOSE";
        } else if (verdict instanceof QualityVerdict.Revise) {
            return "REVISE";
        } else if (verdict instanceof QualityVerdict.Regenerate) {
            return "REGENERATE";
        }
        return "DEAD_LETTER";
    }

    // ---- evolution: the only code that changes the state, one event at a time ----

    private void commit(List<DomainEvent> events) {
        events.forEach(this::evolve);
        version++;
        applied.remember(events.get(0).causationId().value(), events);
    }

    private void evolve(DomainEvent event) {
        Stage stage = event.payload().stage();
        switch (event.type()) {
            case STARTED -> {
                novelId = event.payload().novelId();
                owner = event.payload().userId();
                status = SessionStatus.ACTIVE;
            }
            case SEED_REQUESTED, THEME_REQUESTED, WORLD_REQUESTED, CHARACTER_REQUESTED, PLOT_REQUESTED,
                    DETAILS_REQUESTED -> {
                if (stages.get(stage) == StageState.NOT_STARTED) {
                    regenerations = 0;
                }
                stages.put(stage, StageState.IN_PROGRESS);
            }
            case CONCEPT_PROPOSED, THEME_PROPOSED, THEME_REVISED, WORLD_CREATED, WORLD_UPDATED, CHARACTER_CREATED,
                    CHARACTER_UPDATED, PLOT_CREATED, DETAILS_COMPLETED -> {
                stages.put(stage, StageState.AWAITING_REVIEW);
                proposedBefore.add(stage);
            }
            case MESSAGE_SUBMITTED, REVISION_REQUESTED -> stages.put(stage, StageState.IN_PROGRESS);
            case REGENERATION_REQUESTED -> {
                stages.put(stage, StageState.IN_PROGRESS);
                regenerations = Integer.parseInt(event.payload().attribute(Attributes.ATTEMPT));
            }
            case STAGE_COMPLETED -> stages.put(stage, StageState.LOCKED);
            case STAGE_REOPENED -> {
                stages.put(stage, StageState.IN_PROGRESS);
                stages.replaceAll((other, state) -> other.index() > stage.index() ? StageState.NOT_STARTED : state);
                regenerations = 0;
            }
            case FINISHED -> status = SessionStatus.COMPLETED;
            case FAILED -> status = SessionStatus.FAILED;
            case PAUSED -> status = SessionStatus.PAUSED;
            case RESUMED -> {
                if (status == SessionStatus.FAILED) {
                    stages.put(stage, StageState.IN_PROGRESS);
                    regenerations = 0;
                }
                status = SessionStatus.ACTIVE;
            }
            case ABANDONED -> status = SessionStatus.ABANDONED;
            case BRANCH_CREATED -> {
                // the parent's own record of a fork changes nothing; a branch's first event says where it comes from
                String parentId = event.payload().attribute(Attributes.PARENT_SESSION_ID);
                if (parentId != null) {
                    parent = SessionId.of(parentId);
                    forkRound = Long.parseLong(event.payload().attribute(Attributes.FROM_ROUND));
                    forkPath = event.payload().attribute(Attributes.FROM_ROUND_PATH);
                }
            }
            case CONCEPT_CONFIRMED, THEME_CONFIRMED, CHARACTER_NETWORK_CREATED, PLOT_NODE_CREATED,
                    REVIEW_COMPLETED, WORLD_VALIDATION_COMPLETED -> {
                // facts for the read side and the orchestrator; the session's state does not change
            }
        }
        lastSequence = event.sequence();
    }

    // ---- queries ----

    public SessionId id() {
        return id;
    }

    /** False until a StartSession was accepted. */
    public boolean exists() {
        return version > 0;
    }

    public SessionStatus status() {
        return status;
    }

    /** The number of commands accepted so far, which is also the number of conversation rounds. */
    public long version() {
        return version;
    }

    /**
     * The path of the latest round (SPEC §5): {@code "7"} for the 7th round of a session, and for a
     * branch forked after round {@code 2} its own rounds {@code "2.1"}, {@code "2.2"}, ... (a branch of
     * that branch after {@code 2.3}: {@code "2.3.1"}, ...). Rounds up to the fork are the parent's.
     */
    public String roundPath() {
        return parent == null || version <= forkRound
                ? Long.toString(version) // up to the fork a branch's rounds are its parent's, numbered by version
                : forkPath + "." + (version - forkRound);
    }

    /** For a branch: the session it was forked from. */
    public Optional<SessionId> parent() {
        return Optional.ofNullable(parent);
    }

    /** For a branch: the number of rounds it inherited from its parent; 0 otherwise. */
    public long forkRound() {
        return parent == null ? 0 : forkRound;
    }

    /** The sequence of the latest event; the next event gets {@code lastSequence() + 1}. */
    public long lastSequence() {
        return lastSequence;
    }

    /** The first stage that is not locked (DETAILS once everything is). */
    public Stage currentStage() {
        for (Stage stage : Stage.values()) {
            if (stages.get(stage) != StageState.LOCKED) {
                return stage;
            }
        }
        return Stage.DETAILS;
    }

    public StageState stageState(Stage stage) {
        return stages.get(stage);
    }

    public Map<Stage, StageState> stages() {
        return Collections.unmodifiableMap(new EnumMap<>(stages));
    }

    /** Regenerations the quality gate asked for in the current stage. */
    public int regenerations() {
        return regenerations;
    }

    public Optional<NovelId> novelId() {
        return Optional.ofNullable(novelId);
    }

    public Optional<UserId> owner() {
        return Optional.ofNullable(owner);
    }

    // ---- helpers ----

    private Decision reject(Failure failure) {
        return new Decision.Rejected(failure);
    }

    private Decision conflict(String reason) {
        return reject(conflictFailure(reason));
    }

    private Failure conflictFailure(String reason) {
        return new Failure.Conflict(reason, version);
    }

    private Emission emit(SessionCommand command) {
        return new Emission(command, novelId);
    }

    /** Builds the events of one command: shared time, correlation and causation, consecutive sequences. */
    private final class Emission {
        private final SessionCommand command;
        private final NovelId novel;
        private final Instant at;
        private final List<DomainEvent> events = new ArrayList<>();

        Emission(SessionCommand command, NovelId novel) {
            this.command = command;
            this.novel = novel;
            this.at = env.clock().instant();
        }

        Emission add(EventType type, Stage stage) {
            return add(type, stage, null, null, Map.of());
        }

        Emission add(EventType type, Stage stage, Map<String, String> attributes) {
            return add(type, stage, null, null, attributes);
        }

        Emission add(EventType type, Stage stage, String content, Double score, Map<String, String> attributes) {
            CommandMeta meta = command.meta();
            events.add(new DomainEvent(
                    new EventId(env.ids().get()), type, id, lastSequence + events.size() + 1,
                    meta.correlationId(), CausationId.of(meta.commandId()), at,
                    new EventPayload(id, novel, meta.userId(), stage, content, score, attributes),
                    EventMetadata.current(env.source(), meta.traceId())));
            return this;
        }

        Decision accept() {
            return new Decision.Accepted(events, false);
        }
    }

    /** A small builder so optional attributes read as one expression. */
    private static final class AttributeBuilder {
        private final Map<String, String> attributes = new TreeMap<>();

        AttributeBuilder with(String name, String value) {
            attributes.put(name, value);
            return this;
        }

        AttributeBuilder withIfPresent(String name, String value) {
            return value.isEmpty() ? this : with(name, value);
        }

        Map<String, String> build() {
            return attributes;
        }
    }
}
