package io.fabula.domain.session;

import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.session.SessionCommand.BranchSession;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.fabula.domain.event.EventType.BRANCH_CREATED;
import static io.fabula.domain.session.SessionBuilder.aSession;
import static io.fabula.domain.session.SessionLifecycleTest.failure;
import static io.fabula.domain.session.SessionLifecycleTest.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
}
