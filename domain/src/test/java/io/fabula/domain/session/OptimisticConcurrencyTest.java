package io.fabula.domain.session;

import io.fabula.domain.failure.Failure;
import io.fabula.domain.session.SessionCommand.PauseSession;
import io.fabula.domain.session.SessionCommand.RecordProposal;
import io.fabula.domain.session.SessionCommand.StartSession;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.fabula.domain.session.SessionBuilder.aSession;
import static io.fabula.domain.session.SessionLifecycleTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OptimisticConcurrencyTest {

    @Test
    void a_stale_expected_version_is_a_conflict_that_names_the_current_version() {
        SessionDriver driver = aSession().inStage(Stage.THEME).driver();
        long current = driver.session().version();

        Decision decision = driver.send(new PauseSession(driver.meta(ExpectedVersion.exactly(current - 1))));

        assertThat(failure(decision)).isEqualTo(new Failure.Conflict(
                "expected version " + (current - 1) + " but the session is at " + current, current));
        assertThat(failure(decision).httpStatus()).isEqualTo(409);
    }

    @Test
    void a_version_from_the_future_is_a_conflict_too() {
        SessionDriver driver = aSession().driver();

        Decision decision = driver.send(new PauseSession(driver.meta(ExpectedVersion.exactly(99))));

        assertThat(failure(decision)).isInstanceOf(Failure.Conflict.class);
    }

    @Test
    void a_worker_result_sent_with_any_version_is_judged_by_the_stage_alone() {
        SessionDriver driver = aSession().inStage(Stage.WORLD).driver();
        driver.accept(meta -> new SessionCommand.SubmitMessage(meta, "the writer moved on meanwhile"));

        Decision decision = driver.send(new RecordProposal(driver.meta(ExpectedVersion.any()), Stage.WORLD,
                "islands", null, List.of()));

        assertThat(decision).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void each_accepted_command_adds_exactly_one_to_the_version() {
        SessionDriver driver = aSession().driver();

        driver.accept(meta -> new SessionCommand.SubmitMessage(meta, "one"));
        driver.accept(meta -> new SessionCommand.SubmitMessage(meta, "two"));

        assertThat(driver.session().version()).isEqualTo(3);
    }

    @Test
    void starting_expects_version_zero() {
        SessionDriver driver = SessionDriver.fresh();

        Decision decision = driver.send(new StartSession(driver.meta(ExpectedVersion.exactly(3)), "seed", SessionDriver.NOVEL));

        assertThat(failure(decision)).isEqualTo(
                new Failure.Conflict("expected version 3 but the session does not exist yet", 0));
    }

    @Test
    void starting_a_session_twice_is_a_conflict() {
        SessionDriver driver = aSession().driver();

        Decision decision = driver.send(meta -> new StartSession(meta, "another seed", SessionDriver.NOVEL));

        assertThat(failure(decision)).isEqualTo(new Failure.Conflict("the session has already started", 1));
    }

    @Test
    void expected_versions_are_zero_or_more_or_any() {
        assertThat(ExpectedVersion.any().isAny()).isTrue();
        assertThat(ExpectedVersion.any().matches(42)).isTrue();
        assertThat(ExpectedVersion.any()).hasToString("any");
        assertThat(ExpectedVersion.exactly(4).matches(4)).isTrue();
        assertThat(ExpectedVersion.exactly(4).matches(5)).isFalse();
        assertThat(ExpectedVersion.exactly(4).isAny()).isFalse();
        assertThat(ExpectedVersion.exactly(4)).hasToString("4");
        assertThat(ExpectedVersion.exactly(0).matches(0)).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> ExpectedVersion.exactly(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> new ExpectedVersion(-2));
    }
}
