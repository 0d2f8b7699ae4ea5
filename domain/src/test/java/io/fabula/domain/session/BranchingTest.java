package io.fabula.domain.session;

import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.session.SessionCommand.BranchSession;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.api.Test;

import io.fabula.domain.event.DomainEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.fabula.domain.event.EventType.BRANCH_CREATED;
import static io.fabula.domain.session.SessionBuilder.aSession;
import static io.fabula.domain.session.SessionLifecycleTest.failure;
import static io.fabula.domain.session.SessionLifecycleTest.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BranchingTest {

    @Test
    void branching_from_an_earlier_round_names_the_new_branch_and_the_round() {
        SessionDriver driver = aSession().inStage(Stage.WORLD).driver();

        Decision decision = driver.send(meta -> new BranchSession(meta, 3));

        assertThat(types(decision)).containsExactly(BRANCH_CREATED);
        Map<String, String> attributes = decision.newEvents().get(0).payload().attributes();
        assertThat(attributes).containsEntry(Attributes.FROM_ROUND, "3");
        SessionId branch = SessionId.of(attributes.get(Attributes.BRANCH_SESSION_ID));
        assertThat(branch).isNotEqualTo(SessionDriver.SESSION);
        assertThat(branch.value().version()).isEqualTo(7);
    }

    @Test
    void branching_from_the_latest_round_is_allowed() {
        SessionDriver driver = aSession().inStage(Stage.THEME).driver();
        long latest = driver.session().version();

        assertThat(driver.send(meta -> new BranchSession(meta, latest))).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void rejects_branching_from_a_round_that_does_not_exist_yet() {
        SessionDriver driver = aSession().inStage(Stage.THEME).driver();

        Decision decision = driver.send(meta -> new BranchSession(meta, 4));

        assertThat(failure(decision)).isEqualTo(Failure.Validation.of("round 4 does not exist; the session has 3 rounds"));
    }

    @Test
    void branching_leaves_the_session_where_it_stood() {
        SessionDriver driver = aSession().inStage(Stage.THEME).awaitingReview().failed().driver();
        var stagesBefore = driver.session().stages();

        driver.accept(meta -> new BranchSession(meta, 1));

        assertThat(driver.session().stages()).isEqualTo(stagesBefore);
        assertThat(driver.session().status()).isEqualTo(SessionStatus.FAILED);
    }

    @Test
    void rounds_are_numbered_from_one() {
        SessionDriver driver = aSession().driver();

        assertThatIllegalArgumentException().isThrownBy(() -> new BranchSession(driver.meta(), 0));
    }

    // ---- the branch itself ----

    @Test
    void a_branch_starts_from_the_parents_first_rounds_and_numbers_its_own_under_the_fork() {
        SessionDriver parent = aSession().inStage(Stage.WORLD).driver();
        BranchSession fork = new BranchSession(parent.meta(), 2);
        SessionId branchId = SessionId.of("01956a1e-0000-7000-8000-0000000000b1");
        GenesisSession branch = GenesisSession.rehydrate(branchId, firstRounds(parent.history(), 2), List.of(),
                TestEnvironment.fixed());
        assertThat(branch.roundPath()).isEqualTo("2");

        Decision decision = branch.startBranch(fork, SessionDriver.SESSION);

        assertThat(types(decision)).containsExactly(BRANCH_CREATED);
        DomainEvent event = decision.newEvents().get(0);
        assertThat(event.aggregateId()).isEqualTo(branchId);
        assertThat(event.payload().attributes())
                .containsEntry(Attributes.PARENT_SESSION_ID, SessionDriver.SESSION.toString())
                .containsEntry(Attributes.FROM_ROUND, "2")
                .containsEntry(Attributes.FROM_ROUND_PATH, "2");
        assertThat(branch.version()).isEqualTo(3);
        assertThat(branch.roundPath()).isEqualTo("2.1");
        assertThat(branch.parent()).contains(SessionDriver.SESSION);
        assertThat(branch.forkRound()).isEqualTo(2);
        assertThat(event.sequence()).isEqualTo(firstRounds(parent.history(), 2).size() + 1);

        GenesisSession reloaded = GenesisSession.rehydrate(branchId, firstRounds(parent.history(), 2),
                decision.newEvents(), TestEnvironment.fixed());
        assertThat(reloaded.roundPath()).isEqualTo("2.1");
        assertThat(reloaded.stages()).isEqualTo(branch.stages());
        assertThat(reloaded.owner()).contains(SessionDriver.WRITER);
    }

    @Test
    void a_session_that_is_no_branch_numbers_its_rounds_by_version() {
        SessionDriver driver = aSession().inStage(Stage.THEME).driver();

        assertThat(driver.session().roundPath()).isEqualTo(Long.toString(driver.session().version()));
        assertThat(driver.session().parent()).isEmpty();
        assertThat(driver.session().forkRound()).isZero();
    }

    @Test
    void a_branch_must_start_from_exactly_the_rounds_it_forks_after() {
        SessionDriver parent = aSession().inStage(Stage.THEME).driver();
        GenesisSession branch = GenesisSession.rehydrate(SessionId.of("01956a1e-0000-7000-8000-0000000000b2"),
                firstRounds(parent.history(), 1), List.of(), TestEnvironment.fixed());

        assertThatIllegalStateException().isThrownBy(() -> branch.startBranch(new BranchSession(parent.meta(), 2),
                SessionDriver.SESSION));
    }

    @Test
    void own_events_of_another_session_are_refused_when_rehydrating_a_branch() {
        SessionDriver parent = aSession().inStage(Stage.THEME).driver();

        assertThatIllegalArgumentException().isThrownBy(() -> GenesisSession.rehydrate(
                SessionId.of("01956a1e-0000-7000-8000-0000000000b3"), List.of(), parent.history(), TestEnvironment.fixed()));
    }

    private static List<DomainEvent> firstRounds(List<DomainEvent> history, int rounds) {
        List<DomainEvent> prefix = new ArrayList<>();
        int seen = 0;
        for (DomainEvent event : history) {
            if (prefix.isEmpty() || !prefix.get(prefix.size() - 1).causationId().equals(event.causationId())) {
                if (++seen > rounds) {
                    break;
                }
            }
            prefix.add(event);
        }
        return prefix;
    }
}
