package io.fabula.application.session;

import static io.fabula.application.session.HandleSessionCommandTest.accepted;
import static io.fabula.application.session.HandleSessionCommandTest.rejected;
import static io.fabula.application.session.Writer.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.port.out.BranchPoint;
import io.fabula.application.port.out.ConversationRound;
import io.fabula.application.port.out.SessionRecord;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.event.EventType;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BranchSession (SPEC §2, §5): a branch is a session of its own that starts from its parent's state
 * after a round, shares the parent's rounds up to there, and numbers its own under that round's path.
 */
class BranchSessionTest {
    private final InMemorySessionStores stores = new InMemorySessionStores();
    private final HandleSessionCommand commands = new HandleSessionCommand(stores, Writer.environment(), new CommandLimits(500));
    private final SessionQueries queries = new SessionQueries(stores);
    private final Writer writer = new Writer();

    /** Parent: 1 start, 2 message, 3 proposal (CONCEPT awaiting review), 4 message. */
    private void parentWithFourRounds() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        accepted(commands.submit(request("SubmitMessage", "text", "colder"), writer.meta(1)));
        accepted(commands.submit(request("RecordProposal", "stage", "CONCEPT", "content", "A keeper hears the drowned."),
                writer.meta(writer.freshKey(), ExpectedVersion.any())));
        accepted(commands.submit(request("SubmitMessage", "text", "and warmer"), writer.meta(3)));
    }

    @Test
    void branching_creates_a_session_that_starts_from_the_parents_state_after_that_round() {
        parentWithFourRounds();

        CommandOutcome.Accepted branched = accepted(commands.submit(request("BranchSession", "from_round", 2), writer.meta("fork", 4)));

        assertThat(branched.sessionId()).isEqualTo(writer.session);
        assertThat(branched.version()).isEqualTo(5);
        SessionId branch = branchOf(branched);
        SessionRecord parentRow = queries.session(writer.session, writer.user).orElseThrow();
        SessionRecord branchRow = queries.session(branch, writer.user).orElseThrow();
        assertThat(parentRow.stages()).containsEntry(Stage.CONCEPT, StageState.IN_PROGRESS); // message at round 4
        assertThat(branchRow.version()).isEqualTo(3);
        assertThat(branchRow.stages()).containsEntry(Stage.CONCEPT, StageState.IN_PROGRESS);
        assertThat(branchRow.owner()).isEqualTo(writer.user);
        assertThat(branchRow.novelId()).isEqualTo(parentRow.novelId());
        assertThat(queries.branchPoint(branch, writer.user)).contains(new BranchPoint(writer.session, 2, "2"));
        assertThat(queries.branchPoint(writer.session, writer.user)).isEmpty();

        List<DomainEvent> branchEvents = stores.events().stream().filter(e -> e.aggregateId().equals(branch)).toList();
        assertThat(branchEvents).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.BRANCH_CREATED);
            assertThat(event.sequence()).as("goes on from the inherited events of rounds 1-2").isEqualTo(4);
            assertThat(event.payload().attribute(Attributes.PARENT_SESSION_ID)).isEqualTo(writer.session.toString());
            assertThat(event.payload().attribute(Attributes.FROM_ROUND)).isEqualTo("2");
            assertThat(event.causationId().value()).isEqualTo("fork");
        });
        assertThat(stores.outbox()).extracting(row -> row.event().eventId())
                .containsAll(branchEvents.stream().map(DomainEvent::eventId).toList());
    }

    @Test
    void a_branch_numbers_its_own_rounds_under_the_fork_and_reads_the_shared_ones_first() {
        parentWithFourRounds();
        SessionId branch = branchOf(accepted(commands.submit(request("BranchSession", "from_round", 2), writer.meta(4))));

        accepted(commands.submit(request("SubmitMessage", "text", "on the branch"), meta(branch, 3)));
        accepted(commands.submit(request("SubmitMessage", "text", "on the parent"), writer.meta(5)));

        assertThat(queries.rounds(branch, writer.user)).get().asList().extracting("roundPath", "sessionId").containsExactly(
                org.assertj.core.groups.Tuple.tuple("1", writer.session), org.assertj.core.groups.Tuple.tuple("2", writer.session),
                org.assertj.core.groups.Tuple.tuple("2.1", branch), org.assertj.core.groups.Tuple.tuple("2.2", branch));
        assertThat(queries.rounds(branch, writer.user).orElseThrow()).extracting(ConversationRound::role)
                .containsExactly(ConversationRound.Role.WRITER, ConversationRound.Role.WRITER,
                        ConversationRound.Role.SYSTEM, ConversationRound.Role.WRITER);
        assertThat(queries.rounds(writer.session, writer.user).orElseThrow()).extracting(ConversationRound::roundPath)
                .containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(queries.session(branch, writer.user)).get().extracting(SessionRecord::version).isEqualTo(4L);
    }

    @Test
    void a_branch_of_a_branch_nests_its_round_paths_and_inherits_through_both() {
        parentWithFourRounds();
        SessionId branch = branchOf(accepted(commands.submit(request("BranchSession", "from_round", 2), writer.meta(4))));
        accepted(commands.submit(request("SubmitMessage", "text", "on the branch"), meta(branch, 3)));

        SessionId twig = branchOf(accepted(commands.submit(request("BranchSession", "from_round", 4), meta(branch, 4))));
        accepted(commands.submit(request("SubmitMessage", "text", "on the twig"), meta(twig, 5)));

        assertThat(queries.rounds(twig, writer.user).orElseThrow()).extracting(ConversationRound::roundPath)
                .containsExactly("1", "2", "2.1", "2.2", "2.2.1", "2.2.2");
        assertThat(queries.branchPoint(twig, writer.user)).contains(new BranchPoint(branch, 4, "2.2"));
        assertThat(stores.events().stream().filter(e -> e.aggregateId().equals(twig)).map(DomainEvent::sequence).toList())
                .as("the twig numbers on from the branch's events it inherited").containsExactly(6L, 7L);
    }

    @Test
    void a_branch_from_an_earlier_state_decides_by_that_state() {
        accepted(commands.submit(writer.start("seed"), writer.meta(0)));
        accepted(commands.submit(request("RecordProposal", "stage", "CONCEPT", "content", "A keeper."),
                writer.meta(writer.freshKey(), ExpectedVersion.any())));
        accepted(commands.submit(request("ConfirmStage", "stage", "CONCEPT"), writer.meta(2)));
        SessionId branch = branchOf(accepted(commands.submit(request("BranchSession", "from_round", 2), writer.meta(3))));

        // CONCEPT is locked on the parent, still awaiting review on the branch: the branch may revise it
        assertThat(rejected(commands.submit(request("ReviseProposal", "stage", "CONCEPT", "feedback", "sadder"), writer.meta(4))))
                .isInstanceOf(Failure.Conflict.class);
        accepted(commands.submit(request("ReviseProposal", "stage", "CONCEPT", "feedback", "sadder"), meta(branch, 3)));
    }

    @Test
    void replaying_a_branch_command_answers_the_parents_events_and_creates_no_second_branch() {
        parentWithFourRounds();
        CommandOutcome.Accepted first = accepted(commands.submit(request("BranchSession", "from_round", 2), writer.meta("fork", 4)));

        CommandOutcome.Accepted again = accepted(commands.submit(request("BranchSession", "from_round", 2), writer.meta("fork", 4)));

        assertThat(again.replayed()).isTrue();
        assertThat(again.events()).isEqualTo(first.events()).allSatisfy(e -> assertThat(e.aggregateId()).isEqualTo(writer.session));
        assertThat(stores.sessions()).hasSize(2);
        assertThat(queries.command(writer.session, new CommandId("fork"), writer.user)).get()
                .satisfies(status -> assertThat(status.events()).isEqualTo(first.events()));
    }

    @Test
    void a_round_that_does_not_exist_yet_cannot_be_branched_from_and_nothing_is_created() {
        parentWithFourRounds();

        Failure failure = rejected(commands.submit(request("BranchSession", "from_round", 9), writer.meta(4)));

        assertThat(failure).isInstanceOf(Failure.Validation.class);
        assertThat(failure.reason()).contains("round 9 does not exist");
        assertThat(stores.sessions()).hasSize(1);
    }

    @Test
    void another_writer_sees_nothing_of_a_branch() {
        parentWithFourRounds();
        SessionId branch = branchOf(accepted(commands.submit(request("BranchSession", "from_round", 2), writer.meta(4))));
        Writer stranger = new Writer();

        assertThat(queries.session(branch, stranger.user)).isEmpty();
        assertThat(queries.rounds(branch, stranger.user)).isEmpty();
        assertThat(queries.branchPoint(branch, stranger.user)).isEmpty();
        assertThat(rejected(commands.submit(request("SubmitMessage", "text", "hi"),
                new CommandMeta(new CommandId("x"), branch, ExpectedVersion.exactly(3), stranger.user, new CorrelationId("c"), null))))
                .isInstanceOf(Failure.NotFound.class);
    }

    private static SessionId branchOf(CommandOutcome.Accepted branched) {
        return branched.events().stream().filter(e -> e.type() == EventType.BRANCH_CREATED)
                .map(e -> SessionId.of(e.payload().attribute(Attributes.BRANCH_SESSION_ID))).findFirst().orElseThrow();
    }

    private CommandMeta meta(SessionId session, long expectedVersion) {
        String key = writer.freshKey();
        return new CommandMeta(new CommandId(key), session, ExpectedVersion.exactly(expectedVersion), writer.user,
                new CorrelationId("corr-" + key), null);
    }
}
