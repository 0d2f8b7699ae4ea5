package io.fabula.domain.session;

import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.session.SessionCommand.ConfirmStage;
import io.fabula.domain.session.SessionCommand.SubmitMessage;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.api.Test;

import static io.fabula.domain.session.SessionBuilder.aSession;
import static io.fabula.domain.session.SessionLifecycleTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest {

    @Test
    void a_command_sent_twice_returns_the_same_events_and_emits_nothing_new() {
        SessionDriver driver = aSession().inStage(Stage.THEME).awaitingReview().driver();
        ConfirmStage confirm = new ConfirmStage(driver.meta(), Stage.THEME);
        Decision first = driver.send(confirm);
        long version = driver.session().version();
        long sequence = driver.session().lastSequence();

        Decision again = driver.send(confirm);

        assertThat(again).isInstanceOf(Decision.Accepted.class);
        Decision.Accepted replay = (Decision.Accepted) again;
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.events()).isEqualTo(((Decision.Accepted) first).events());
        assertThat(replay.newEvents()).isEmpty();
        assertThat(driver.session().version()).isEqualTo(version);
        assertThat(driver.session().lastSequence()).isEqualTo(sequence);
    }

    @Test
    void a_first_decision_is_not_a_replay() {
        SessionDriver driver = aSession().driver();

        Decision.Accepted first = driver.accept(meta -> new SubmitMessage(meta, "hello"));

        assertThat(first.replayed()).isFalse();
        assertThat(first.newEvents()).isEqualTo(first.events());
    }

    @Test
    void a_replay_is_recognised_although_its_expected_version_is_now_stale() {
        SessionDriver driver = aSession().driver();
        SubmitMessage message = new SubmitMessage(driver.meta(), "first");
        driver.send(message);
        driver.accept(meta -> new SubmitMessage(meta, "second"));

        Decision again = driver.send(message);

        assertThat(again).isInstanceOfSatisfying(Decision.Accepted.class,
                accepted -> assertThat(accepted.replayed()).isTrue());
    }

    @Test
    void a_rejected_command_is_not_remembered_and_is_decided_again() {
        SessionDriver driver = aSession().inStage(Stage.THEME).driver();
        ConfirmStage early = new ConfirmStage(driver.meta(), Stage.THEME);
        assertThat(driver.send(early)).isInstanceOf(Decision.Rejected.class);
        driver.propose(Stage.THEME);
        ConfirmStage retried = new ConfirmStage(driver.meta(ExpectedVersion.any()), Stage.THEME);
        ConfirmStage sameKey = new ConfirmStage(new CommandMeta(early.commandId(), retried.sessionId(),
                ExpectedVersion.any(), retried.userId(), retried.meta().correlationId(), null), Stage.THEME);

        Decision decision = driver.send(sameKey);

        assertThat(decision).isInstanceOfSatisfying(Decision.Accepted.class,
                accepted -> assertThat(accepted.replayed()).isFalse());
    }

    @Test
    void a_command_older_than_the_memory_is_rejected_as_stale_and_never_applied_twice() {
        SessionDriver driver = aSession().driver();
        SubmitMessage oldest = new SubmitMessage(driver.meta(), "the oldest");
        driver.send(oldest);
        for (int i = 0; i < AppliedCommands.CAPACITY; i++) {
            driver.accept(meta -> new SubmitMessage(meta, "filler"));
        }
        long version = driver.session().version();

        Decision again = driver.send(oldest);

        assertThat(failure(again)).isInstanceOf(Failure.Conflict.class);
        assertThat(driver.session().version()).isEqualTo(version);
    }

    @Test
    void the_memory_keeps_exactly_the_most_recent_commands() {
        SessionDriver driver = aSession().driver();
        SubmitMessage kept = null;
        for (int i = 0; i < AppliedCommands.CAPACITY; i++) {
            SubmitMessage message = new SubmitMessage(driver.meta(), "message " + i);
            driver.send(message);
            if (i == 0) {
                kept = message;
            }
        }
        // StartSession was pushed out by the 64 messages; the first message is still remembered

        Decision again = driver.send(kept);

        assertThat(again).isInstanceOfSatisfying(Decision.Accepted.class,
                accepted -> assertThat(accepted.replayed()).isTrue());
    }

    @Test
    void a_replay_is_still_recognised_after_the_session_was_reloaded_from_its_events() {
        SessionDriver driver = aSession().inStage(Stage.WORLD).driver();
        SubmitMessage message = new SubmitMessage(driver.meta(), "remember me");
        Decision first = driver.send(message);
        GenesisSession reloaded = GenesisSession.rehydrate(SessionDriver.SESSION, driver.history(), TestEnvironment.fixed());

        Decision again = reloaded.handle(message);

        assertThat(again).isEqualTo(new Decision.Accepted(first.newEvents(), true));
    }

    @Test
    void the_same_key_on_a_session_that_does_not_exist_yet_starts_it_only_once() {
        SessionDriver driver = SessionDriver.fresh();
        CommandMeta meta = new CommandMeta(new CommandId("start-1"), SessionDriver.SESSION, ExpectedVersion.exactly(0),
                SessionDriver.WRITER, new io.fabula.domain.id.CorrelationId("c"), null);
        SessionCommand.StartSession start = new SessionCommand.StartSession(meta, "seed", SessionDriver.NOVEL);

        Decision first = driver.send(start);
        Decision second = driver.send(start);

        assertThat(first.newEvents()).hasSize(2);
        assertThat(second.newEvents()).isEmpty();
        assertThat(driver.session().version()).isEqualTo(1);
    }
}
