package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventMetadata;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.session.SessionCommand.ConfirmStage;
import io.fabula.domain.session.SessionCommand.PauseSession;
import io.fabula.domain.session.SessionCommand.RecordProposal;
import io.fabula.domain.session.SessionCommand.ReopenStage;
import io.fabula.domain.session.SessionCommand.ResumeSession;
import io.fabula.domain.session.SessionCommand.StartSession;
import io.fabula.domain.session.SessionCommand.SubmitMessage;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.fabula.domain.event.EventType.*;
import static io.fabula.domain.session.SessionBuilder.aSession;
import static io.fabula.domain.stage.Stage.*;
import static org.assertj.core.api.Assertions.assertThat;

class SessionLifecycleTest {

    @Test
    void starting_a_session_emits_started_and_asks_for_the_concept() {
        SessionDriver driver = SessionDriver.fresh();

        Decision decision = driver.send(meta -> new StartSession(meta, SessionDriver.SEED, SessionDriver.NOVEL));

        assertThat(types(decision)).containsExactly(STARTED, SEED_REQUESTED);
        assertThat(decision.newEvents()).allSatisfy(event -> {
            assertThat(event.payload().content()).isEqualTo(SessionDriver.SEED);
            assertThat(event.payload().stage()).isEqualTo(CONCEPT);
        });
        GenesisSession session = driver.session();
        assertThat(session.exists()).isTrue();
        assertThat(session.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(session.owner()).contains(SessionDriver.WRITER);
        assertThat(session.novelId()).contains(SessionDriver.NOVEL);
        assertThat(session.stageState(CONCEPT)).isEqualTo(StageState.IN_PROGRESS);
        assertThat(session.stageState(THEME)).isEqualTo(StageState.NOT_STARTED);
        assertThat(session.version()).isEqualTo(1);
        assertThat(session.lastSequence()).isEqualTo(2);
    }

    @Test
    void a_session_that_does_not_exist_yet_has_no_owner_and_no_novel() {
        GenesisSession session = SessionDriver.fresh().session();

        assertThat(session.exists()).isFalse();
        assertThat(session.owner()).isEmpty();
        assertThat(session.novelId()).isEmpty();
        assertThat(session.id()).isEqualTo(SessionDriver.SESSION);
    }

    @Test
    void a_session_runs_from_the_seed_to_finished_through_every_stage_in_order() {
        SessionDriver driver = aSession().completed().driver();

        assertThat(driver.history()).extracting(DomainEvent::type).containsExactly(
                STARTED, SEED_REQUESTED,
                CONCEPT_PROPOSED, CONCEPT_CONFIRMED, STAGE_COMPLETED, THEME_REQUESTED,
                THEME_PROPOSED, THEME_CONFIRMED, STAGE_COMPLETED, WORLD_REQUESTED,
                WORLD_CREATED, STAGE_COMPLETED, CHARACTER_REQUESTED,
                CHARACTER_CREATED, CHARACTER_NETWORK_CREATED, STAGE_COMPLETED, PLOT_REQUESTED,
                PLOT_CREATED, STAGE_COMPLETED, DETAILS_REQUESTED,
                DETAILS_COMPLETED, STAGE_COMPLETED, FINISHED);
        assertThat(driver.history()).extracting(DomainEvent::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 23).boxed().toList());
        assertThat(driver.session().status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(driver.session().stages().values()).containsOnly(StageState.LOCKED);
        assertThat(driver.session().currentStage()).isEqualTo(DETAILS);
    }

    @ParameterizedTest(name = "confirming {0} emits {1}")
    @CsvSource({
            "CONCEPT,    ConceptConfirmed StageCompleted Theme.Requested",
            "THEME,      Theme.Confirmed StageCompleted World.Requested",
            "WORLD,      StageCompleted Character.Requested",
            "CHARACTERS, CharacterNetwork.Created StageCompleted Plot.Requested",
            "PLOT,       StageCompleted Details.Requested",
            "DETAILS,    StageCompleted Finished",
    })
    void confirming_a_stage_locks_it_and_starts_the_next(Stage stage, String expected) {
        SessionDriver driver = aSession().inStage(stage).awaitingReview().driver();

        Decision decision = driver.send(meta -> new ConfirmStage(meta, stage));

        assertThat(types(decision)).extracting(EventType::typeName).containsExactlyElementsOf(
                List.of(expected.split(" ")).stream().map(name -> EventType.PREFIX + name).toList());
        assertThat(driver.session().stageState(stage)).isEqualTo(StageState.LOCKED);
        stage.next().ifPresent(next -> assertThat(driver.session().stageState(next)).isEqualTo(StageState.IN_PROGRESS));
        assertThat(decision.newEvents()).filteredOn(event -> event.type() == STAGE_COMPLETED)
                .singleElement().satisfies(event -> assertThat(event.payload().stage()).isEqualTo(stage));
    }

    @Test
    void rejects_confirming_a_stage_that_is_not_awaiting_review() {
        SessionDriver driver = aSession().inStage(WORLD).inProgress().driver();

        Decision decision = driver.send(meta -> new ConfirmStage(meta, WORLD));

        assertThat(failure(decision)).isEqualTo(new Failure.Conflict("stage WORLD is IN_PROGRESS, not AWAITING_REVIEW", 5));
    }

    @Test
    void rejects_confirming_a_stage_before_the_previous_one_is_locked() {
        SessionDriver driver = aSession().inStage(WORLD).awaitingReview().driver();

        Decision decision = driver.send(meta -> new ConfirmStage(meta, PLOT));

        assertThat(failure(decision).reason()).isEqualTo("stage PLOT is NOT_STARTED; the current stage is WORLD");
        assertThat(driver.session().stageState(PLOT)).isEqualTo(StageState.NOT_STARTED);
    }

    @Test
    void rejects_a_proposal_for_a_stage_that_is_already_locked() {
        SessionDriver driver = aSession().inStage(WORLD).driver();

        Decision decision = driver.send(meta -> new RecordProposal(meta, THEME, "late theme", null, List.of()));

        assertThat(failure(decision).reason()).isEqualTo("stage THEME is LOCKED; the current stage is WORLD");
    }

    @ParameterizedTest(name = "{0}: first {1}, then {2}")
    @CsvSource({
            "CONCEPT,    ConceptProposed,   ConceptProposed",
            "THEME,      Theme.Proposed,    Theme.Revised",
            "WORLD,      World.Created,     World.Updated",
            "CHARACTERS, Character.Created, Character.Updated",
            "PLOT,       Plot.Created,      Plot.Created",
            "DETAILS,    Details.Completed, Details.Completed",
    })
    void a_later_proposal_in_the_same_stage_is_announced_as_an_update(Stage stage, String first, String later) {
        SessionDriver driver = aSession().inStage(stage).driver();

        Decision firstProposal = driver.send(meta -> new RecordProposal(meta, stage, "draft one", 6.5, List.of()));
        driver.accept(meta -> new SessionCommand.ReviseProposal(meta, stage, "darker, please"));
        Decision laterProposal = driver.send(meta -> new RecordProposal(meta, stage, "draft two", null, List.of()));

        assertThat(types(firstProposal)).extracting(EventType::typeName).containsExactly(EventType.PREFIX + first);
        assertThat(types(laterProposal)).extracting(EventType::typeName).containsExactly(EventType.PREFIX + later);
        assertThat(firstProposal.newEvents().get(0).payload().qualityScore()).isEqualTo(6.5);
        assertThat(laterProposal.newEvents().get(0).payload().content()).isEqualTo("draft two");
    }

    @Test
    void a_plot_proposal_announces_each_of_its_nodes() {
        SessionDriver driver = aSession().inStage(PLOT).driver();

        Decision decision = driver.send(meta -> new RecordProposal(meta, PLOT, "three acts", null,
                List.of("the door opens", "the keeper drowns", "the sea answers")));

        assertThat(types(decision)).containsExactly(PLOT_CREATED, PLOT_NODE_CREATED, PLOT_NODE_CREATED, PLOT_NODE_CREATED);
        assertThat(decision.newEvents()).extracting(event -> event.payload().content())
                .containsExactly("three acts", "the door opens", "the keeper drowns", "the sea answers");
    }

    @Test
    void a_message_while_a_proposal_awaits_review_sends_the_stage_back_to_work() {
        SessionDriver driver = aSession().inStage(THEME).awaitingReview().driver();

        Decision decision = driver.send(meta -> new SubmitMessage(meta, "what if it were about grief?"));

        assertThat(types(decision)).containsExactly(MESSAGE_SUBMITTED);
        assertThat(decision.newEvents().get(0).payload().content()).isEqualTo("what if it were about grief?");
        assertThat(driver.session().stageState(THEME)).isEqualTo(StageState.IN_PROGRESS);
    }

    @Test
    void a_revision_asked_by_the_writer_carries_the_feedback_and_reopens_the_work() {
        SessionDriver driver = aSession().inStage(THEME).awaitingReview().driver();

        Decision decision = driver.send(meta -> new SessionCommand.ReviseProposal(meta, THEME, "less hope"));

        assertThat(types(decision)).containsExactly(REVISION_REQUESTED);
        assertThat(decision.newEvents().get(0).payload().attribute(Attributes.FEEDBACK)).isEqualTo("less hope");
        assertThat(driver.session().stageState(THEME)).isEqualTo(StageState.IN_PROGRESS);
    }

    @Test
    void requesting_a_proposal_passes_the_hints_to_the_stage_agent() {
        SessionDriver driver = aSession().inStage(CHARACTERS).driver();

        Decision withHints = driver.send(meta -> new SessionCommand.RequestProposal(meta, CHARACTERS, "an old woman"));
        Decision withoutHints = driver.send(meta -> new SessionCommand.RequestProposal(meta, CHARACTERS, "  "));

        assertThat(types(withHints)).containsExactly(CHARACTER_REQUESTED);
        assertThat(withHints.newEvents().get(0).payload().attribute(Attributes.HINTS)).isEqualTo("an old woman");
        assertThat(withoutHints.newEvents().get(0).payload().attributes()).isEmpty();
    }

    @Test
    void reopening_a_locked_stage_discards_every_stage_after_it() {
        SessionDriver driver = aSession().inStage(PLOT).awaitingReview().driver();

        Decision decision = driver.send(meta -> new ReopenStage(meta, THEME, "the theme drifted"));

        assertThat(types(decision)).containsExactly(STAGE_REOPENED);
        assertThat(decision.newEvents().get(0).payload().attribute(Attributes.REASON)).isEqualTo("the theme drifted");
        GenesisSession session = driver.session();
        assertThat(session.stageState(CONCEPT)).isEqualTo(StageState.LOCKED);
        assertThat(session.stageState(THEME)).isEqualTo(StageState.IN_PROGRESS);
        assertThat(List.of(WORLD, CHARACTERS, PLOT, DETAILS)).allSatisfy(
                later -> assertThat(session.stageState(later)).isEqualTo(StageState.NOT_STARTED));
        assertThat(session.currentStage()).isEqualTo(THEME);
    }

    @Test
    void rejects_reopening_a_stage_that_is_not_locked() {
        SessionDriver driver = aSession().inStage(WORLD).driver();

        Decision decision = driver.send(meta -> new ReopenStage(meta, PLOT, "why not"));

        assertThat(failure(decision).reason()).isEqualTo("stage PLOT is NOT_STARTED; only a LOCKED stage can be reopened");
    }

    @Test
    void resuming_a_paused_session_carries_on_where_the_stage_stood() {
        SessionDriver driver = aSession().inStage(WORLD).awaitingReview().paused().driver();

        Decision decision = driver.send(ResumeSession::new);

        assertThat(types(decision)).containsExactly(RESUMED);
        assertThat(decision.newEvents().get(0).payload().attributes())
                .containsEntry(Attributes.PREVIOUS_STATUS, "PAUSED")
                .containsEntry(Attributes.STAGE_STATE, "AWAITING_REVIEW");
        assertThat(driver.session().status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(driver.session().stageState(WORLD)).isEqualTo(StageState.AWAITING_REVIEW);
    }

    @Test
    void resuming_a_failed_session_retries_its_stage_from_scratch() {
        SessionDriver driver = aSession().inStage(WORLD).awaitingReview().driver();
        driver.review(WORLD, 3.0);
        driver.accept(meta -> new SessionCommand.RecordFailure(meta, WORLD, FailureKind.TRANSIENT, "timeout", 4));

        Decision decision = driver.send(ResumeSession::new);

        assertThat(decision.newEvents().get(0).payload().attributes())
                .containsEntry(Attributes.PREVIOUS_STATUS, "FAILED")
                .containsEntry(Attributes.STAGE_STATE, "IN_PROGRESS");
        assertThat(driver.session().status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(driver.session().stageState(WORLD)).isEqualTo(StageState.IN_PROGRESS);
        assertThat(driver.session().regenerations()).isZero();
    }

    @Test
    void a_worker_failure_fails_the_session_with_its_kind_and_reason() {
        SessionDriver driver = aSession().inStage(CHARACTERS).driver();

        Decision decision = driver.send(meta -> new SessionCommand.RecordFailure(
                meta, CHARACTERS, FailureKind.BUDGET_EXCEEDED, "daily budget spent", 1));

        assertThat(types(decision)).containsExactly(FAILED);
        assertThat(decision.newEvents().get(0).payload().attributes())
                .containsEntry(Attributes.FAILURE_KIND, "BUDGET_EXCEEDED")
                .containsEntry(Attributes.REASON, "daily budget spent")
                .containsEntry(Attributes.ATTEMPT, "1");
        assertThat(driver.session().status()).isEqualTo(SessionStatus.FAILED);
    }

    @Test
    void rejects_a_worker_failure_for_a_stage_that_is_not_the_current_one() {
        SessionDriver driver = aSession().inStage(CHARACTERS).driver();

        Decision decision = driver.send(meta -> new SessionCommand.RecordFailure(
                meta, WORLD, FailureKind.TRANSIENT, "late", 4));

        assertThat(failure(decision).reason()).isEqualTo("stage WORLD is LOCKED; the current stage is CHARACTERS");
    }

    @Test
    void abandoning_remembers_the_status_it_left() {
        SessionDriver driver = aSession().inStage(THEME).paused().driver();

        Decision decision = driver.send(SessionCommand.AbandonSession::new);

        assertThat(decision.newEvents().get(0).payload().attribute(Attributes.PREVIOUS_STATUS)).isEqualTo("PAUSED");
        assertThat(driver.session().status()).isEqualTo(SessionStatus.ABANDONED);
    }

    @ParameterizedTest
    @EnumSource(value = SessionStatus.class, names = {"PAUSED", "FAILED"})
    void a_paused_or_failed_session_explains_that_it_must_be_resumed(SessionStatus status) {
        SessionDriver driver = aSession().inStage(THEME).withStatus(status).driver();

        Decision decision = driver.send(meta -> new SubmitMessage(meta, "hello?"));

        assertThat(failure(decision).reason()).isEqualTo("the session is " + status + "; resume it first");
    }

    @Test
    void another_writer_cannot_see_that_the_session_exists() {
        SessionDriver driver = aSession().inStage(THEME).driver();
        CommandMeta own = driver.meta();
        CommandMeta stranger = new CommandMeta(own.commandId(), own.sessionId(), own.expectedVersion(),
                SessionDriver.STRANGER, own.correlationId(), null);

        Decision decision = driver.send(new PauseSession(stranger));

        assertThat(failure(decision)).isEqualTo(new Failure.NotFound("no genesis session " + SessionDriver.SESSION));
    }

    @Test
    void a_command_for_another_session_is_refused_as_invalid() {
        SessionDriver driver = aSession().driver();
        CommandMeta own = driver.meta();
        SessionId other = SessionId.of("01956a1e-0000-7000-8000-0000000000ff");
        CommandMeta elsewhere = new CommandMeta(own.commandId(), other, own.expectedVersion(), own.userId(),
                own.correlationId(), null);

        Decision decision = driver.send(new PauseSession(elsewhere));

        assertThat(failure(decision).kind()).isEqualTo(FailureKind.VALIDATION);
    }

    @Test
    void every_event_carries_the_commands_correlation_and_causation_and_the_clocks_time() {
        SessionDriver driver = aSession().inStage(THEME).awaitingReview().driver();
        CommandMeta meta = driver.meta();

        Decision decision = driver.send(new ConfirmStage(meta, THEME));

        assertThat(decision.newEvents()).hasSize(3).allSatisfy(event -> {
            assertThat(event.correlationId()).isEqualTo(meta.correlationId());
            assertThat(event.causationId().value()).isEqualTo(meta.commandId().value());
            assertThat(event.occurredAt()).isEqualTo(TestEnvironment.NOW);
            assertThat(event.aggregateId()).isEqualTo(SessionDriver.SESSION);
            assertThat(event.aggregateType()).isEqualTo("GenesisSession");
            assertThat(event.payload().userId()).isEqualTo(SessionDriver.WRITER);
            assertThat(event.payload().novelId()).isEqualTo(SessionDriver.NOVEL);
            assertThat(event.metadata()).isEqualTo(new EventMetadata(1, TestEnvironment.SOURCE, meta.traceId()));
            assertThat(event.eventId().value().version()).isEqualTo(7);
        });
        assertThat(decision.newEvents()).extracting(DomainEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void a_command_without_trace_id_emits_events_without_one() {
        SessionDriver driver = SessionDriver.fresh();
        CommandMeta meta = new CommandMeta(new CommandId("untraced"), SessionDriver.SESSION, ExpectedVersion.any(),
                SessionDriver.WRITER, new CorrelationId("c"), null);

        Decision decision = driver.send(new StartSession(meta, "seed", SessionDriver.NOVEL));

        assertThat(decision.newEvents()).allSatisfy(event -> assertThat(event.metadata().traceId()).isNull());
    }

    static List<EventType> types(Decision decision) {
        return decision.newEvents().stream().map(DomainEvent::type).toList();
    }

    static Failure failure(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).failure();
    }
}
