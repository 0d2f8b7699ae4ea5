package io.fabula.application.session;

import static io.fabula.application.session.Writer.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.port.out.ConversationRound;
import io.fabula.application.port.out.InboxEntry;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.session.InMemorySessionStores.Write;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionStatus;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HandleSessionCommandTest {
    private final InMemorySessionStores stores = new InMemorySessionStores();
    private final HandleSessionCommand commands =
            new HandleSessionCommand(stores, Writer.environment(), new CommandLimits(500));
    private final SessionQueries queries = new SessionQueries(stores);
    private final Writer writer = new Writer();

    @Test
    void starting_a_session_writes_the_session_a_round_its_events_their_outbox_rows_and_the_inbox_record() {
        CommandOutcome outcome = commands.submit(writer.start("a lighthouse keeper who collects lost voices"), writer.meta("start", 0));

        CommandOutcome.Accepted accepted = accepted(outcome);
        assertThat(accepted.version()).isEqualTo(1);
        assertThat(accepted.replayed()).isFalse();
        assertThat(accepted.events()).extracting(DomainEvent::type).containsExactly(EventType.STARTED, EventType.SEED_REQUESTED);
        assertThat(stores.sessions()).singleElement().satisfies(session -> {
            assertThat(session.version()).isEqualTo(1);
            assertThat(session.status()).isEqualTo(SessionStatus.ACTIVE);
            assertThat(session.stages()).containsEntry(Stage.CONCEPT, StageState.IN_PROGRESS);
        });
        assertThat(stores.rounds()).singleElement().satisfies(round -> {
            assertThat(round.roundPath()).isEqualTo("1");
            assertThat(round.role()).isEqualTo(ConversationRound.Role.WRITER);
            assertThat(round.input()).isEqualTo("a lighthouse keeper who collects lost voices");
        });
        assertThat(stores.events()).isEqualTo(accepted.events());
        assertThat(stores.inbox()).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(InboxEntry.Status.COMPLETED);
            assertThat(entry.result()).get().satisfies(result -> assertThat(result.version()).isEqualTo(1));
        });
        assertThat(stores.transactions()).isEqualTo(1);
    }

    @Test
    void every_event_gets_an_outbox_row_on_the_session_topic_keyed_by_the_session_id_in_order() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        accepted(commands.submit(request("SubmitMessage", "text", "darker, please"), writer.meta(1)));

        assertThat(stores.outbox()).extracting(InMemorySessionStores.OutboxRow::event).isEqualTo(stores.events());
        assertThat(stores.outbox()).allSatisfy(row -> {
            assertThat(row.topic()).isEqualTo(Outbox.SESSION_EVENTS).isEqualTo("genesis.session.events");
            assertThat(row.key()).isEqualTo(writer.session.toString());
        });
        assertThat(stores.events()).extracting(DomainEvent::sequence).containsExactly(1L, 2L, 3L);
    }

    @Test
    void the_same_idempotency_key_twice_answers_the_same_without_a_second_event() {
        CommandOutcome.Accepted first = accepted(commands.submit(writer.start("seed"), writer.meta("k1", 0)));
        CommandOutcome.Accepted again = accepted(commands.submit(writer.start("seed"), writer.meta("k1", 0)));

        assertThat(again.replayed()).isTrue();
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(stores.events()).hasSize(2);
        assertThat(stores.outbox()).hasSize(2);
        assertThat(stores.rounds()).hasSize(1);
    }

    @Test
    void a_replay_is_answered_even_after_the_session_moved_on() {
        CommandOutcome.Accepted message = accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        CommandOutcome.Accepted first = accepted(commands.submit(request("SubmitMessage", "text", "hello"), writer.meta("msg", 1)));
        accepted(commands.submit(request("PauseSession"), writer.meta(2)));

        CommandOutcome.Accepted again = accepted(commands.submit(request("SubmitMessage", "text", "hello"), writer.meta("msg", 1)));

        assertThat(message.version()).isEqualTo(1);
        assertThat(again.replayed()).isTrue();
        assertThat(again.version()).isEqualTo(2);
        assertThat(again.events()).isEqualTo(first.events());
    }

    @Test
    void the_same_key_with_a_different_request_is_a_validation_failure_naming_the_key() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        accepted(commands.submit(request("SubmitMessage", "text", "hello"), writer.meta("msg", 1)));

        Failure failure = rejected(commands.submit(request("SubmitMessage", "text", "goodbye"), writer.meta("msg", 2)));

        assertThat(failure).isInstanceOf(Failure.Validation.class);
        assertThat(failure.reason()).contains("Idempotency-Key 'msg'", "different request");
        assertThat(stores.events()).hasSize(3);
    }

    @Test
    void a_key_another_writer_used_is_refused_without_revealing_their_session() {
        accepted(commands.submit(writer.start("seed"), writer.meta("shared-key", 0)));
        Writer stranger = new Writer();

        Failure failure = rejected(commands.submit(stranger.start("seed"), stranger.meta("shared-key", 0)));

        assertThat(failure).isInstanceOf(Failure.Validation.class);
        assertThat(failure.reason()).contains("'shared-key' was already used").doesNotContain(writer.session.toString());
        assertThat(stores.sessions()).hasSize(1);
    }

    @Test
    void a_stale_expected_version_is_a_conflict_carrying_the_current_version_and_writes_nothing() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        accepted(commands.submit(request("SubmitMessage", "text", "one"), writer.meta(1)));
        int transactionsBefore = stores.transactions();
        List<DomainEvent> before = stores.events();

        Failure failure = rejected(commands.submit(request("SubmitMessage", "text", "two"), writer.meta(1)));

        assertThat(failure).isInstanceOfSatisfying(Failure.Conflict.class,
                conflict -> assertThat(conflict.currentVersion()).isEqualTo(2));
        assertThat(stores.events()).isEqualTo(before);
        assertThat(stores.inbox()).hasSize(3).last().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(InboxEntry.Status.FAILED);
            assertThat(entry.failure()).contains(failure);
        });
        assertThat(stores.transactions()).isEqualTo(transactionsBefore + 1);
    }

    @Test
    void a_command_of_a_type_still_pending_on_the_session_is_refused_as_a_conflict() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        stores.pending(InboxEntry.received(new CommandId("queued"), writer.session, writer.user, "SubmitMessage", "0".repeat(64)));

        Failure failure = rejected(commands.submit(request("SubmitMessage", "text", "hello"), writer.meta(1)));

        assertThat(failure).isInstanceOf(Failure.Conflict.class);
        assertThat(failure.reason()).contains("SubmitMessage command is already pending");
        assertThat(stores.events()).hasSize(2);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> bad_input() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("an unknown stage",
                        request("RequestProposal", "stage", "EPILOGUE"), Failure.Validation.class, "unknown stage 'EPILOGUE'"),
                org.junit.jupiter.params.provider.Arguments.of("an unknown command type",
                        request("DeleteEverything"), Failure.Validation.class, "unknown command type 'DeleteEverything'"),
                org.junit.jupiter.params.provider.Arguments.of("a text over the configured limit",
                        request("SubmitMessage", "text", "x".repeat(501)), Failure.Validation.class, "at most 500"),
                org.junit.jupiter.params.provider.Arguments.of("an empty message",
                        request("SubmitMessage", "text", "   "), Failure.Validation.class, "message is required"),
                org.junit.jupiter.params.provider.Arguments.of("a number where text belongs",
                        request("SubmitMessage", "text", 42), Failure.Validation.class, "text must be a string"),
                org.junit.jupiter.params.provider.Arguments.of("confirming a stage not awaiting review",
                        request("ConfirmStage", "stage", "CONCEPT"), Failure.Conflict.class, "CONCEPT is IN_PROGRESS, not AWAITING_REVIEW"),
                org.junit.jupiter.params.provider.Arguments.of("a proposal for a stage that has not started",
                        request("RequestProposal", "stage", "WORLD"), Failure.Conflict.class, "the current stage is CONCEPT"),
                org.junit.jupiter.params.provider.Arguments.of("resuming an active session",
                        request("ResumeSession"), Failure.Conflict.class, "is ACTIVE"));
    }

    @ParameterizedTest(name = "{0} is refused with a clear message and writes nothing")
    @MethodSource("bad_input")
    void bad_input_is_refused_with_a_clear_message_and_writes_nothing(
            String what, CommandRequest request, Class<? extends Failure> kind, String message) {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        int transactions = stores.transactions();

        Failure failure = rejected(commands.submit(request, writer.meta(1)));

        assertThat(failure).isInstanceOf(kind);
        assertThat(failure.reason()).contains(message);
        assertThat(stores.events()).hasSize(2);
        assertThat(stores.outbox()).hasSize(2);
        assertThat(stores.rounds()).hasSize(1);
        assertThat(stores.sessions()).singleElement().extracting(s -> s.version()).isEqualTo(1L);
        assertThat(stores.inbox()).hasSize(2).last().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(InboxEntry.Status.FAILED);
            assertThat(entry.failure()).contains(failure);
            assertThat(entry.result()).isEmpty();
        });
        assertThat(stores.transactions()).isLessThanOrEqualTo(transactions + 1);
    }

    @Test
    void an_empty_seed_is_a_validation_failure_and_no_session_is_created() {
        Failure failure = rejected(commands.submit(writer.start(""), writer.meta(0)));

        assertThat(failure).isInstanceOf(Failure.Validation.class);
        assertThat(failure.reason()).isEqualTo("StartSession: seed idea is required");
        assertThat(stores.sessions()).isEmpty();
        assertThat(stores.events()).isEmpty();
        assertThat(stores.outbox()).isEmpty();
        assertThat(stores.inbox()).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(InboxEntry.Status.FAILED);
            assertThat(entry.commandType()).isEqualTo("StartSession");
        });
    }

    @Test
    void a_refused_command_answers_its_status_as_failed_with_the_reason() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));

        Failure failure = rejected(commands.submit(request("ConfirmStage", "stage", "CONCEPT"), writer.meta("confirm", 1)));

        assertThat(queries.command(writer.session, new CommandId("confirm"), writer.user)).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(InboxEntry.Status.FAILED);
            assertThat(status.failure()).get().satisfies(stored -> {
                assertThat(stored).isEqualTo(failure).isInstanceOf(Failure.Conflict.class);
                assertThat(stored.reason()).contains("CONCEPT is IN_PROGRESS, not AWAITING_REVIEW");
            });
            assertThat(status.events()).isEmpty();
        });
        Writer stranger = new Writer();
        assertThat(queries.command(writer.session, new CommandId("confirm"), stranger.user)).isEmpty();
    }

    @Test
    void a_request_that_never_became_a_command_is_recorded_failed_under_its_type_too() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));

        rejected(commands.submit(request("DeleteEverything", "x", 1), writer.meta("bogus", 1)));

        assertThat(queries.command(writer.session, new CommandId("bogus"), writer.user)).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(InboxEntry.Status.FAILED);
            assertThat(status.entry().commandType()).isEqualTo("DeleteEverything");
            assertThat(status.failure()).get().extracting(Failure::reason, org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("unknown command type 'DeleteEverything'");
        });
    }

    @Test
    void a_refused_command_sent_again_with_the_same_key_is_decided_afresh_and_can_then_succeed() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        accepted(commands.submit(request("SubmitMessage", "text", "one"), writer.meta(1)));
        rejected(commands.submit(request("SubmitMessage", "text", "two"), writer.meta("retry", 1)));

        CommandOutcome.Accepted second = accepted(commands.submit(request("SubmitMessage", "text", "two"), writer.meta("retry", 2)));

        assertThat(second.replayed()).isFalse();
        assertThat(second.version()).isEqualTo(3);
        assertThat(queries.command(writer.session, new CommandId("retry"), writer.user)).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(InboxEntry.Status.COMPLETED);
            assertThat(status.failure()).isEmpty();
            assertThat(status.events()).isEqualTo(second.events());
        });
        assertThat(accepted(commands.submit(request("SubmitMessage", "text", "two"), writer.meta("retry", 2))).replayed()).isTrue();
    }

    @Test
    void a_refused_key_cannot_be_reused_for_a_different_request() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        rejected(commands.submit(request("ConfirmStage", "stage", "CONCEPT"), writer.meta("k", 1)));

        Failure failure = rejected(commands.submit(request("SubmitMessage", "text", "hello"), writer.meta("k", 1)));

        assertThat(failure).isInstanceOf(Failure.Validation.class);
        assertThat(failure.reason()).contains("'k' was already used for a different request");
    }

    @Test
    void a_refusal_that_cannot_be_recorded_is_an_error_not_a_silent_answer() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        stores.failOn(Write.INBOX_FAIL);

        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> commands.submit(request("ConfirmStage", "stage", "CONCEPT"), writer.meta(1)))
                .withMessageContaining("INBOX_FAIL");
        assertThat(stores.inbox()).hasSize(1);
        assertThat(stores.events()).hasSize(2);
    }

    @ParameterizedTest(name = "a failure writing {0} leaves nothing of the command behind")
    @EnumSource(value = Write.class, names = "INBOX_FAIL", mode = EnumSource.Mode.EXCLUDE)
    void a_failing_write_rolls_the_whole_command_back(Write failing) {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        stores.failOn(failing);

        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> commands.submit(request("SubmitMessage", "text", "hello"), writer.meta(1)))
                .withMessageContaining(failing.name());

        assertThat(stores.sessions()).singleElement().extracting(s -> s.version()).isEqualTo(1L);
        assertThat(stores.rounds()).hasSize(1);
        assertThat(stores.events()).hasSize(2);
        assertThat(stores.outbox()).hasSize(2);
        assertThat(stores.inbox()).hasSize(1);
    }

    @Test
    void every_command_of_the_spec_goes_through_one_after_another() {
        long v = 0;
        v = accepted(commands.submit(writer.start("seed"), writer.meta(v))).version();
        v = accepted(commands.submit(request("SubmitMessage", "text", "a colder sea"), writer.meta(v))).version();
        v = accepted(commands.submit(request("RequestProposal", "stage", "concept", "hints", "shorter"), writer.meta(v))).version();
        v = accepted(commands.submit(request("RecordProposal", "stage", "CONCEPT", "content", "A keeper hears the drowned."),
                writer.meta(writer.freshKey(), ExpectedVersion.any()))).version();
        v = accepted(commands.submit(request("RecordReview", "stage", "CONCEPT", "score", 9.0, "findings", List.of("vivid")),
                writer.meta(writer.freshKey(), ExpectedVersion.any()))).version();
        v = accepted(commands.submit(request("ReviseProposal", "stage", "CONCEPT", "feedback", "more hope"), writer.meta(v))).version();
        v = accepted(commands.submit(request("RecordProposal", "stage", "CONCEPT", "content", "A keeper saves the drowned.",
                "quality_score", 8.5), writer.meta(writer.freshKey(), ExpectedVersion.any()))).version();
        v = accepted(commands.submit(request("ConfirmStage", "stage", "CONCEPT"), writer.meta(v))).version();
        v = accepted(commands.submit(request("ReopenStage", "stage", "CONCEPT", "reason", "the ending changed"), writer.meta(v))).version();
        v = accepted(commands.submit(request("PauseSession"), writer.meta(v))).version();
        v = accepted(commands.submit(request("ResumeSession"), writer.meta(v))).version();
        v = accepted(commands.submit(request("BranchSession", "from_round", 2), writer.meta(v))).version();
        v = accepted(commands.submit(request("RecordFailure", "stage", "CONCEPT", "kind", "TRANSIENT", "reason", "LLM timed out",
                "attempts", 3), writer.meta(writer.freshKey(), ExpectedVersion.any()))).version();
        v = accepted(commands.submit(request("AbandonSession"), writer.meta(v))).version();

        assertThat(v).isEqualTo(14);
        assertThat(ownRounds()).extracting(ConversationRound::commandType).containsExactly(
                "StartSession", "SubmitMessage", "RequestProposal", "RecordProposal", "RecordReview", "ReviseProposal",
                "RecordProposal", "ConfirmStage", "ReopenStage", "PauseSession", "ResumeSession", "BranchSession",
                "RecordFailure", "AbandonSession");
        assertThat(ownRounds()).extracting(ConversationRound::roundPath)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14");
        assertThat(ownRounds()).filteredOn(r -> r.role() == ConversationRound.Role.AGENT)
                .extracting(ConversationRound::commandType)
                .containsExactly("RecordProposal", "RecordReview", "RecordProposal", "RecordFailure");
        assertThat(stores.sessions()).first().extracting(s -> s.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(ownEvents()).extracting(DomainEvent::sequence)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, ownEvents().size()).boxed().toList());
        assertThat(stores.outbox()).hasSameSizeAs(stores.events());
        assertThat(stores.sessions()).as("the session and its branch").hasSize(2);
    }

    private List<ConversationRound> ownRounds() {
        return stores.rounds().stream().filter(r -> r.sessionId().equals(writer.session)).toList();
    }

    private List<DomainEvent> ownEvents() {
        return stores.events().stream().filter(e -> e.aggregateId().equals(writer.session)).toList();
    }

    @Test
    void queries_show_a_writer_their_session_its_rounds_and_a_commands_status_with_its_events() {
        CommandOutcome.Accepted started = accepted(commands.submit(writer.start("seed"), writer.meta("start", 0)));

        assertThat(queries.session(writer.session, writer.user)).get().extracting(s -> s.version()).isEqualTo(1L);
        assertThat(queries.rounds(writer.session, writer.user)).get().asList().hasSize(1);
        assertThat(queries.command(writer.session, new CommandId("start"), writer.user)).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(InboxEntry.Status.COMPLETED);
            assertThat(status.events()).isEqualTo(started.events());
        });
    }

    @Test
    void another_writer_sees_nothing_of_a_session_not_even_that_it_exists() {
        accepted(commands.submit(writer.start("seed"), writer.meta("start", 0)));
        Writer stranger = new Writer();

        assertThat(queries.session(writer.session, stranger.user)).isEmpty();
        assertThat(queries.rounds(writer.session, stranger.user)).isEmpty();
        assertThat(queries.command(writer.session, new CommandId("start"), stranger.user)).isEmpty();
        assertThat(queries.session(stranger.session, stranger.user)).isEqualTo(Optional.empty());
    }

    @Test
    void a_command_from_another_writer_is_not_found() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        Writer stranger = new Writer();
        var meta = new io.fabula.domain.session.CommandMeta(new CommandId("intruder"), writer.session,
                ExpectedVersion.exactly(1), stranger.user, new io.fabula.domain.id.CorrelationId("c"), null);

        assertThat(rejected(commands.submit(request("AbandonSession"), meta))).isInstanceOf(Failure.NotFound.class);
        assertThat(stores.events()).hasSize(2);
    }

    static CommandOutcome.Accepted accepted(CommandOutcome outcome) {
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
        return (CommandOutcome.Accepted) outcome;
    }

    static Failure rejected(CommandOutcome outcome) {
        assertThat(outcome).isInstanceOf(CommandOutcome.Rejected.class);
        return ((CommandOutcome.Rejected) outcome).failure();
    }
}
