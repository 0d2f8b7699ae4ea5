package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.fabula.domain.session.SessionBuilder.aSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The state is the fold of the events: reloading from the store gives the same session. */
class RehydrationTest {

    static Stream<Arguments> sessions() {
        return Stream.of(
                Arguments.of("new", aSession()),
                Arguments.of("world awaiting review", aSession().inStage(Stage.WORLD).awaitingReview()),
                Arguments.of("plot paused", aSession().inStage(Stage.PLOT).paused()),
                Arguments.of("characters failed", aSession().inStage(Stage.CHARACTERS).failed()),
                Arguments.of("theme abandoned", aSession().inStage(Stage.THEME).abandoned()),
                Arguments.of("completed", aSession().completed()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    void a_session_reloaded_from_its_events_is_the_session_that_emitted_them(String name, SessionBuilder builder) {
        SessionDriver driver = builder.driver();
        GenesisSession original = driver.session();

        GenesisSession reloaded = GenesisSession.rehydrate(SessionDriver.SESSION, driver.history(), TestEnvironment.fixed());

        assertThat(reloaded.status()).isEqualTo(original.status());
        assertThat(reloaded.stages()).isEqualTo(original.stages());
        assertThat(reloaded.version()).isEqualTo(original.version());
        assertThat(reloaded.lastSequence()).isEqualTo(original.lastSequence());
        assertThat(reloaded.regenerations()).isEqualTo(original.regenerations());
        assertThat(reloaded.owner()).isEqualTo(original.owner());
        assertThat(reloaded.novelId()).isEqualTo(original.novelId());
    }

    @Test
    void an_empty_history_is_a_session_that_does_not_exist_yet() {
        GenesisSession session = GenesisSession.rehydrate(SessionDriver.SESSION, List.of(), TestEnvironment.fixed());

        assertThat(session.exists()).isFalse();
        assertThat(session.version()).isZero();
    }

    @Test
    void rejects_a_history_with_a_gap_in_its_sequence() {
        List<DomainEvent> history = new ArrayList<>(aSession().inStage(Stage.THEME).driver().history());
        history.remove(2);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GenesisSession.rehydrate(SessionDriver.SESSION, history, TestEnvironment.fixed()))
                .withMessage("expected sequence 3 but got 4");
    }

    @Test
    void rejects_a_history_of_another_session() {
        List<DomainEvent> history = aSession().driver().history();
        SessionId other = SessionId.of("01956a1e-0000-7000-8000-0000000000ff");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GenesisSession.rehydrate(other, history, TestEnvironment.fixed()));
    }
}
