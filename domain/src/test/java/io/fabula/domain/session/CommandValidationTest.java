package io.fabula.domain.session;

import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.session.SessionCommand.*;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Commands refuse malformed input when they are built; the HTTP edge maps that to Validation. */
class CommandValidationTest {
    private static final CommandMeta META = new CommandMeta(new CommandId("k"), SessionDriver.SESSION,
            ExpectedVersion.exactly(1), SessionDriver.WRITER, new CorrelationId("c"), null);
    private static final String TOO_LONG = "x".repeat(SessionCommand.MAX_TEXT_LENGTH + 1);

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a blank seed idea", (ThrowingCallable) () -> new StartSession(META, " ", SessionDriver.NOVEL)),
                Arguments.of("a seed idea of 2001 characters",
                        (ThrowingCallable) () -> new StartSession(META, "s".repeat(2_001), SessionDriver.NOVEL)),
                Arguments.of("an empty message", (ThrowingCallable) () -> new SubmitMessage(META, "")),
                Arguments.of("a message that is too long", (ThrowingCallable) () -> new SubmitMessage(META, TOO_LONG)),
                Arguments.of("hints that are too long", (ThrowingCallable) () -> new RequestProposal(META, Stage.THEME, TOO_LONG)),
                Arguments.of("no feedback", (ThrowingCallable) () -> new ReviseProposal(META, Stage.THEME, null)),
                Arguments.of("no reason to reopen", (ThrowingCallable) () -> new ReopenStage(META, Stage.THEME, "")),
                Arguments.of("round zero", (ThrowingCallable) () -> new BranchSession(META, 0)),
                Arguments.of("an empty proposal", (ThrowingCallable) () -> new RecordProposal(META, Stage.THEME, " ", null, List.of())),
                Arguments.of("a proposal scored 11", (ThrowingCallable) () -> new RecordProposal(META, Stage.THEME, "t", 11.0, List.of())),
                Arguments.of("a proposal scored below 0", (ThrowingCallable) () -> new RecordProposal(META, Stage.THEME, "t", -0.1, List.of())),
                Arguments.of("nodes on a theme", (ThrowingCallable) () -> new RecordProposal(META, Stage.THEME, "t", null, List.of("n"))),
                Arguments.of("a blank plot node", (ThrowingCallable) () -> new RecordProposal(META, Stage.PLOT, "t", null, List.of(" "))),
                Arguments.of("a review scored NaN", (ThrowingCallable) () -> new RecordReview(META, Stage.THEME, Double.NaN, List.of())),
                Arguments.of("a review scored 10.5", (ThrowingCallable) () -> new RecordReview(META, Stage.THEME, 10.5, List.of())),
                Arguments.of("a failure without reason", (ThrowingCallable) () -> new RecordFailure(META, Stage.THEME, FailureKind.TRANSIENT, " ", 1)),
                Arguments.of("a failure after zero attempts", (ThrowingCallable) () -> new RecordFailure(META, Stage.THEME, FailureKind.TRANSIENT, "x", 0)));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("malformed")
    void rejects_malformed_input_when_the_command_is_built(String what, ThrowingCallable build) {
        assertThatIllegalArgumentException().isThrownBy(build);
    }

    @Test
    void requires_every_part_of_the_meta() {
        assertThatNullPointerException().isThrownBy(() -> new CommandMeta(null, SessionDriver.SESSION,
                ExpectedVersion.any(), SessionDriver.WRITER, new CorrelationId("c"), null));
        assertThatNullPointerException().isThrownBy(() -> new CommandMeta(new CommandId("k"), null,
                ExpectedVersion.any(), SessionDriver.WRITER, new CorrelationId("c"), null));
        assertThatNullPointerException().isThrownBy(() -> new CommandMeta(new CommandId("k"), SessionDriver.SESSION,
                null, SessionDriver.WRITER, new CorrelationId("c"), null));
        assertThatNullPointerException().isThrownBy(() -> new CommandMeta(new CommandId("k"), SessionDriver.SESSION,
                ExpectedVersion.any(), null, new CorrelationId("c"), null));
        assertThatNullPointerException().isThrownBy(() -> new CommandMeta(new CommandId("k"), SessionDriver.SESSION,
                ExpectedVersion.any(), SessionDriver.WRITER, null, null));
        assertThatNullPointerException().isThrownBy(() -> new PauseSession(null));
        assertThatNullPointerException().isThrownBy(() -> new ConfirmStage(META, null));
        assertThatNullPointerException().isThrownBy(() -> new StartSession(META, "seed", null));
    }

    @Test
    void trims_text_and_defaults_what_is_optional() {
        assertThat(new SubmitMessage(META, "  hello  ").text()).isEqualTo("hello");
        assertThat(new RequestProposal(META, Stage.THEME, null).hints()).isEmpty();
        assertThat(new RecordProposal(META, Stage.PLOT, "t", null, null).elements()).isEmpty();
        assertThat(new RecordReview(META, Stage.PLOT, 0.0, null).findings()).isEmpty();
        assertThat(new RecordReview(META, Stage.PLOT, 10.0, List.of("f")).findings()).containsExactly("f");
        assertThat(new RecordProposal(META, Stage.PLOT, "t", 10.0, List.of("n")).qualityScore()).isEqualTo(10.0);
        assertThat(new RecordProposal(META, Stage.PLOT, "t", 0.0, List.of()).qualityScore()).isZero();
        assertThat(new StartSession(META, "s".repeat(2_000), SessionDriver.NOVEL).seedIdea()).hasSize(2_000);
    }

    @Test
    void exposes_the_meta_through_every_command() {
        SessionCommand command = new PauseSession(META);

        assertThat(command.commandId()).isEqualTo(META.commandId());
        assertThat(command.sessionId()).isEqualTo(META.sessionId());
        assertThat(command.userId()).isEqualTo(META.userId());
        assertThat(command.expectedVersion()).isEqualTo(META.expectedVersion());
    }
}
