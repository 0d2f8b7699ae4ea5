package io.fabula.domain.session;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.event.EventPayload.Attributes;
import io.fabula.domain.stage.Stage;
import io.fabula.domain.stage.StageState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.fabula.domain.event.EventType.*;
import static io.fabula.domain.session.SessionBuilder.aSession;
import static io.fabula.domain.session.SessionLifecycleTest.types;
import static org.assertj.core.api.Assertions.assertThat;

/** How a RecordReview applies the quality policy of SPEC §4 to the stage. */
class QualityGateInSessionTest {

    @ParameterizedTest(name = "score {0} -> band {1}, verdict {2}, stage {3}")
    @CsvSource({
            "9.0, PROPOSED,                  PROPOSE,     AWAITING_REVIEW",
            "8.0, PROPOSED,                  PROPOSE,     AWAITING_REVIEW",
            "7.9, PROPOSED_WITH_SUGGESTIONS, PROPOSE,     AWAITING_REVIEW",
            "6.0, PROPOSED_WITH_SUGGESTIONS, PROPOSE,     AWAITING_REVIEW",
            "5.9, REVISION_REQUESTED,        REVISE,      IN_PROGRESS",
            "4.0, REVISION_REQUESTED,        REVISE,      IN_PROGRESS",
            "3.9, REGENERATION_REQUESTED,    REGENERATE,  IN_PROGRESS",
            "2.0, REGENERATION_REQUESTED,    REGENERATE,  IN_PROGRESS",
            "1.9, REGENERATION_REQUESTED,    DEAD_LETTER, AWAITING_REVIEW",
    })
    void a_review_scores_the_proposal_into_its_band(double score, String band, String verdict, StageState after) {
        SessionDriver driver = aSession().inStage(Stage.THEME).awaitingReview().driver();

        Decision decision = driver.send(meta -> new SessionCommand.RecordReview(meta, Stage.THEME, score, List.of()));

        DomainEvent reviewed = decision.newEvents().get(0);
        assertThat(reviewed.type()).isEqualTo(REVIEW_COMPLETED);
        assertThat(reviewed.payload().qualityScore()).isEqualTo(score);
        assertThat(reviewed.payload().attributes())
                .containsEntry(Attributes.BAND, band)
                .containsEntry(Attributes.VERDICT, verdict)
                .doesNotContainKey(Attributes.FEEDBACK);
        assertThat(driver.session().stageState(Stage.THEME)).isEqualTo(after);
    }

    @Test
    void the_world_is_reviewed_by_its_validation() {
        SessionDriver driver = aSession().inStage(Stage.WORLD).awaitingReview().driver();

        Decision decision = driver.send(meta -> new SessionCommand.RecordReview(meta, Stage.WORLD, 7.0,
                List.of("rule 3 contradicts rule 5")));

        assertThat(types(decision)).containsExactly(WORLD_VALIDATION_COMPLETED);
        assertThat(decision.newEvents().get(0).payload().attribute(Attributes.FEEDBACK)).isEqualTo("rule 3 contradicts rule 5");
    }

    @Test
    void a_mediocre_proposal_goes_back_for_revision_with_the_findings_as_feedback() {
        SessionDriver driver = aSession().inStage(Stage.PLOT).awaitingReview().driver();

        Decision decision = driver.send(meta -> new SessionCommand.RecordReview(meta, Stage.PLOT, 5.0,
                List.of("act two sags", "the villain vanishes")));

        assertThat(types(decision)).containsExactly(REVIEW_COMPLETED, REVISION_REQUESTED);
        assertThat(decision.newEvents().get(1).payload().attribute(Attributes.FEEDBACK))
                .isEqualTo("act two sags\nthe villain vanishes");
    }

    @Test
    void a_revision_without_findings_has_no_feedback() {
        SessionDriver driver = aSession().inStage(Stage.PLOT).awaitingReview().driver();

        Decision decision = driver.send(meta -> new SessionCommand.RecordReview(meta, Stage.PLOT, 5.0, List.of()));

        assertThat(decision.newEvents().get(1).payload().attributes()).isEmpty();
    }

    @Test
    void a_poor_proposal_is_regenerated_three_times_with_growing_delays_then_the_session_fails() {
        SessionDriver driver = aSession().inStage(Stage.THEME).awaitingReview().driver();

        Decision first = reviewAndPropose(driver, 3.0);
        Decision second = reviewAndPropose(driver, 4.5);   // below 4.0 + 1
        Decision third = reviewAndPropose(driver, 5.5);    // below 4.0 + 2
        Decision last = driver.send(meta -> new SessionCommand.RecordReview(meta, Stage.THEME, 3.0, List.of("flat")));

        assertThat(List.of(first, second, third)).allSatisfy(
                decision -> assertThat(types(decision)).containsExactly(REVIEW_COMPLETED, REGENERATION_REQUESTED));
        assertThat(List.of(first, second, third)).extracting(decision -> decision.newEvents().get(1).payload().attributes())
                .extracting(attributes -> attributes.get(Attributes.ATTEMPT) + "@" + attributes.get(Attributes.RETRY_DELAY_MS))
                .containsExactly("1@5000", "2@15000", "3@30000");
        assertThat(types(last)).containsExactly(REVIEW_COMPLETED, FAILED);
        assertThat(last.newEvents().get(1).payload().attributes())
                .containsEntry(Attributes.FAILURE_KIND, "QUALITY_REJECTED")
                .containsEntry(Attributes.ATTEMPT, "4")
                .containsEntry(Attributes.REASON, "score 3.0 after 3 regenerations");
        assertThat(driver.session().status()).isEqualTo(SessionStatus.FAILED);
    }

    @Test
    void a_regeneration_counts_against_the_stage_and_resets_when_the_next_stage_starts() {
        SessionDriver driver = aSession().inStage(Stage.THEME).awaitingReview().driver();
        reviewAndPropose(driver, 3.0);
        assertThat(driver.session().regenerations()).isEqualTo(1);

        driver.confirm(Stage.THEME);

        assertThat(driver.session().regenerations()).isZero();
    }

    @Test
    void a_regeneration_request_carries_the_findings() {
        SessionDriver driver = aSession().inStage(Stage.THEME).awaitingReview().driver();

        Decision decision = driver.send(meta -> new SessionCommand.RecordReview(meta, Stage.THEME, 3.0, List.of("clichéd")));

        assertThat(decision.newEvents().get(1).payload().attribute(Attributes.FEEDBACK)).isEqualTo("clichéd");
    }

    @Test
    void a_hopeless_proposal_fails_the_session_at_once() {
        SessionDriver driver = aSession().inStage(Stage.CONCEPT).awaitingReview().driver();

        Decision decision = driver.send(meta -> new SessionCommand.RecordReview(meta, Stage.CONCEPT, 1.0, List.of()));

        assertThat(types(decision)).containsExactly(REVIEW_COMPLETED, FAILED);
        assertThat(decision.newEvents().get(1).payload().attributes())
                .containsEntry(Attributes.REASON, "score 1.0 is below 2.0")
                .containsEntry(Attributes.ATTEMPT, "1");
        assertThat(driver.session().status()).isEqualTo(SessionStatus.FAILED);
    }

    private static Decision reviewAndPropose(SessionDriver driver, double score) {
        Decision decision = driver.send(meta -> new SessionCommand.RecordReview(meta, Stage.THEME, score, List.of()));
        driver.propose(Stage.THEME);
        return decision;
    }
}
