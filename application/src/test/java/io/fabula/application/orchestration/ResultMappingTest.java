package io.fabula.application.orchestration;

import io.fabula.application.orchestration.CapabilityResult.GaveUp;
import io.fabula.application.orchestration.CapabilityResult.Generated;
import io.fabula.application.orchestration.CapabilityResult.Outcome;
import io.fabula.application.orchestration.CapabilityResult.Scored;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.session.SessionCommand.RecordFailure;
import io.fabula.domain.session.SessionCommand.RecordProposal;
import io.fabula.domain.session.SessionCommand.RecordReview;
import io.fabula.domain.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Capability results become the worker-side commands of the session. */
class ResultMappingTest {
    private final OrchestrationPolicy policy = new OrchestrationPolicy();

    @ParameterizedTest(name = "{0} reports {1} -> {2}")
    @CsvSource({
            "OUTLINE,    Generated, RecordProposal",
            "WRITER,     Generated, RecordProposal",
            "WORLD,      Generated, RecordProposal",
            "CHARACTER,  Generated, RecordProposal",
            "PLOT,       Generated, RecordProposal",
            "REWRITER,   Generated, RecordProposal",
            "WORLDSMITH, Generated, RecordProposal",
            "REVIEW,     Scored,    RecordReview",
            "FACTCHECK,  Scored,    RecordReview",
            "OUTLINE,    GaveUp,    RecordFailure",
            "WRITER,     GaveUp,    RecordFailure",
            "REVIEW,     GaveUp,    RecordFailure",
            "WORLD,      GaveUp,    RecordFailure",
            "CHARACTER,  GaveUp,    RecordFailure",
            "PLOT,       GaveUp,    RecordFailure",
            "FACTCHECK,  GaveUp,    RecordFailure",
            "REWRITER,   GaveUp,    RecordFailure",
            "WORLDSMITH, GaveUp,    RecordFailure",
    })
    void every_capability_result_becomes_one_record_command(Capability capability, String outcome, String command) {
        SessionCommand mapped = policy.commandFor(result(capability, outcome(outcome)));

        assertThat(mapped.getClass().getSimpleName()).isEqualTo(command);
        assertThat(mapped.sessionId()).isEqualTo(Events.SESSION);
        assertThat(mapped.userId()).isEqualTo(Events.WRITER);
        assertThat(mapped.meta().correlationId()).isEqualTo(Events.CORRELATION);
        assertThat(mapped.expectedVersion()).isEqualTo(ExpectedVersion.any());
    }

    @Test
    void the_same_result_twice_is_the_same_command_so_the_session_applies_it_once() {
        CapabilityResult result = result(Capability.REVIEW, new Scored(7.0, List.of("ok")));

        assertThat(policy.commandFor(result)).isEqualTo(policy.commandFor(result));
        assertThat(policy.commandFor(result).commandId().value()).isEqualTo("result:" + Events.EVENT);
    }

    @Test
    void a_proposal_keeps_its_content_score_and_nodes() {
        CapabilityResult result = new CapabilityResult(Events.EVENT, Capability.PLOT, Events.SESSION, Events.WRITER,
                Stage.PLOT, Events.CORRELATION, new Generated("three acts", 7.5, List.of("act one")));

        RecordProposal proposal = (RecordProposal) policy.commandFor(result);

        assertThat(proposal.stage()).isEqualTo(Stage.PLOT);
        assertThat(proposal.content()).isEqualTo("three acts");
        assertThat(proposal.qualityScore()).isEqualTo(7.5);
        assertThat(proposal.elements()).containsExactly("act one");
    }

    @Test
    void a_review_keeps_its_score_and_findings() {
        RecordReview review = (RecordReview) policy.commandFor(
                result(Capability.FACTCHECK, new Scored(4.5, List.of("rule 2 broken"))));

        assertThat(review.score()).isEqualTo(4.5);
        assertThat(review.findings()).containsExactly("rule 2 broken");
    }

    @Test
    void a_worker_that_gave_up_reports_kind_reason_and_attempts() {
        RecordFailure failure = (RecordFailure) policy.commandFor(
                result(Capability.WRITER, new GaveUp(FailureKind.TRANSIENT, "LLM timed out", 4)));

        assertThat(failure.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(failure.reason()).isEqualTo("LLM timed out");
        assertThat(failure.attempts()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"REVIEW", "FACTCHECK"})
    void a_judge_cannot_report_a_proposal(Capability judge) {
        assertThatIllegalArgumentException().isThrownBy(() -> result(judge, new Generated("x", null, null)));
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"REVIEW", "FACTCHECK"}, mode = EnumSource.Mode.EXCLUDE)
    void a_generator_cannot_report_a_score(Capability generator) {
        assertThatIllegalArgumentException().isThrownBy(() -> result(generator, new Scored(5.0, null)));
    }

    @Test
    void results_and_tasks_refuse_missing_parts() {
        assertThatNullPointerException().isThrownBy(() -> new CapabilityResult(null, Capability.PLOT, Events.SESSION,
                Events.WRITER, Stage.PLOT, Events.CORRELATION, new Scored(1, null)));
        assertThatNullPointerException().isThrownBy(() -> new Generated(null, null, null));
        assertThatNullPointerException().isThrownBy(() -> new GaveUp(null, "r", 1));
        assertThat(new Generated("x", null, null).elements()).isEmpty();
        assertThat(new Scored(1, null).findings()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> new CapabilityTask(Events.EVENT, Capability.PLOT,
                TaskPurpose.GENERATE, Events.SESSION, Events.NOVEL, Events.WRITER, Stage.PLOT, Events.CORRELATION,
                Duration.ofSeconds(-1), Map.of()));
        assertThatNullPointerException().isThrownBy(() -> new CapabilityTask(Events.EVENT, null,
                TaskPurpose.GENERATE, Events.SESSION, Events.NOVEL, Events.WRITER, Stage.PLOT, Events.CORRELATION,
                Duration.ZERO, Map.of()));
    }

    private static Outcome outcome(String name) {
        return switch (name) {
            case "Generated" -> new Generated("a proposal", null, List.of());
            case "Scored" -> new Scored(6.5, List.of("a finding"));
            default -> new GaveUp(FailureKind.POISON, "unreadable task", 1);
        };
    }

    private static CapabilityResult result(Capability capability, Outcome outcome) {
        return new CapabilityResult(Events.EVENT, capability, Events.SESSION, Events.WRITER, Stage.THEME,
                Events.CORRELATION, outcome);
    }
}
