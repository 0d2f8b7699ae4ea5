package io.fabula.domain.quality;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** SPEC §4: weights 30/20/25/25, penalties 3.0/1.0/0.3, bands 8/6/4, retries and the DLT. */
class QualityPolicyTest {
    private final QualityPolicy policy = QualityPolicy.withDefaults();

    @ParameterizedTest(name = "llm {0}, rules {1}, intent {2}, findings {3}/{4}/{5} -> {6}")
    @CsvSource({
            "10, 10, 10, 0, 0, 0, 10.0",
            "0,  0,  0,  0, 0, 0, 2.5",    // a clean graph alone is worth 25 %
            "10, 0,  0,  0, 0, 4, 5.2",    // 3.0 + 0.25 · (10 − 1.2) = 5.2
            "0,  10, 0,  0, 0, 0, 4.5",
            "0,  0,  10, 0, 0, 0, 5.0",
            "8,  6,  7,  1, 0, 0, 7.1",    // 2.4 + 1.2 + 1.75 + 0.25 · (10 − 3.0)
            "8,  6,  7,  0, 1, 0, 7.6",    // 2.4 + 1.2 + 1.75 + 0.25 · (10 − 1.0)
            "0,  0,  0,  4, 0, 0, 0.0",    // penalties never push consistency below 0
            "5,  5,  5,  0, 0, 1, 6.2",    // 3.75 + 0.25 · 9.7 = 6.175, rounded half up
    })
    void a_proposal_is_scored_by_the_weighted_components(
            double llm, double rules, double intent, int errors, int warnings, int infos, double expected) {
        assertThat(policy.score(new QualitySignals(llm, rules, intent, errors, warnings, infos))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.0, PROPOSED",
            "8.0,  PROPOSED",
            "7.9,  PROPOSED_WITH_SUGGESTIONS",
            "6.0,  PROPOSED_WITH_SUGGESTIONS",
            "5.9,  REVISION_REQUESTED",
            "4.0,  REVISION_REQUESTED",
            "3.9,  REGENERATION_REQUESTED",
            "0.0,  REGENERATION_REQUESTED",
    })
    void a_score_falls_into_its_band(double score, QualityBand band) {
        assertThat(policy.band(score)).isEqualTo(band);
    }

    @ParameterizedTest(name = "score {0} after {1} regenerations -> {2}")
    @CsvSource({
            "9.0, 0, PROPOSE",
            "6.5, 0, PROPOSE",
            "5.0, 0, REVISE",
            "4.0, 0, REVISE",
            "3.9, 0, REGENERATE",
            "2.0, 0, REGENERATE",
            "1.9, 0, DEAD_LETTER",
            "4.9, 1, REGENERATE",     // the bar rises: 4.0 + 1
            "5.0, 1, REVISE",
            "5.9, 2, REGENERATE",     // 4.0 + 2
            "6.0, 2, PROPOSE",
            "6.9, 3, PROPOSE",        // no regenerations left: the band decides
            "4.5, 3, REVISE",
            "3.9, 3, DEAD_LETTER",
            "1.0, 3, DEAD_LETTER",
    })
    void the_verdict_follows_the_band_and_the_retry_rule(double score, int regenerations, String verdict) {
        QualityVerdict judged = policy.judge(score, regenerations);

        assertThat(judged.getClass().getSimpleName()).isEqualTo(switch (verdict) {
            case "PROPOSE" -> "Propose";
            case "REVISE" -> "Revise";
            case "REGENERATE" -> "Regenerate";
            default -> "DeadLetter";
        });
    }

    @Test
    void a_regeneration_says_which_attempt_it_is_and_how_long_to_wait() {
        assertThat(policy.judge(3.0, 0)).isEqualTo(new QualityVerdict.Regenerate(1, Duration.ofSeconds(5)));
        assertThat(policy.judge(3.0, 1)).isEqualTo(new QualityVerdict.Regenerate(2, Duration.ofSeconds(15)));
        assertThat(policy.judge(3.0, 2)).isEqualTo(new QualityVerdict.Regenerate(3, Duration.ofSeconds(30)));
    }

    @Test
    void a_proposal_keeps_its_band_and_a_dead_letter_says_why() {
        assertThat(policy.judge(8.5, 0)).isEqualTo(new QualityVerdict.Propose(QualityBand.PROPOSED));
        assertThat(policy.judge(7.0, 0)).isEqualTo(new QualityVerdict.Propose(QualityBand.PROPOSED_WITH_SUGGESTIONS));
        assertThat(policy.judge(1.5, 0)).isEqualTo(new QualityVerdict.DeadLetter("score 1.5 is below 2.0"));
        assertThat(policy.judge(3.5, 3)).isEqualTo(new QualityVerdict.DeadLetter("score 3.5 after 3 regenerations"));
    }

    @Test
    void the_retry_bar_is_four_plus_the_regenerations_so_far() {
        assertThat(policy.retryBelow(0)).isEqualTo(4.0);
        assertThat(policy.retryBelow(2)).isEqualTo(6.0);
    }

    @Test
    void the_defaults_are_the_numbers_of_the_design() {
        QualityConfig config = QualityConfig.defaults();

        assertThat(List.of(config.llmWeight(), config.rulesWeight(), config.intentWeight(), config.consistencyWeight()))
                .containsExactly(0.30, 0.20, 0.25, 0.25);
        assertThat(List.of(config.errorPenalty(), config.warningPenalty(), config.infoPenalty()))
                .containsExactly(3.0, 1.0, 0.3);
        assertThat(List.of(config.proposeAtLeast(), config.suggestAtLeast(), config.reviseAtLeast(), config.deadLetterBelow()))
                .containsExactly(8.0, 6.0, 4.0, 2.0);
        assertThat(config.maxRegenerations()).isEqualTo(3);
        assertThat(config.regenerationDelays()).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(policy.config()).isEqualTo(config);
    }

    @Test
    void the_delays_are_configurable_and_their_count_is_the_number_of_regenerations() {
        QualityConfig defaults = QualityConfig.defaults();
        QualityPolicy quick = new QualityPolicy(new QualityConfig(0.3, 0.2, 0.25, 0.25, 3, 1, 0.3, 8, 6, 4, 2, 4, 1,
                List.of(Duration.ofMillis(10))));

        assertThat(quick.judge(3.0, 0)).isEqualTo(new QualityVerdict.Regenerate(1, Duration.ofMillis(10)));
        assertThat(quick.judge(3.0, 1)).isInstanceOf(QualityVerdict.DeadLetter.class);
        assertThat(defaults.regenerationDelays()).hasSize(3);
    }

    @Test
    void each_penalty_is_taken_from_the_configuration() {
        QualityPolicy strict = new QualityPolicy(new QualityConfig(0.3, 0.2, 0.25, 0.25, 4, 2, 0.5, 8, 6, 4, 2, 4, 1,
                List.of(Duration.ofSeconds(5))));

        assertThat(strict.score(new QualitySignals(0, 0, 0, 1, 0, 0))).isEqualTo(1.5);   // 0.25 · (10 − 4)
        assertThat(strict.score(new QualitySignals(0, 0, 0, 0, 2, 0))).isEqualTo(1.5);   // 0.25 · (10 − 2 · 2)
        assertThat(strict.score(new QualitySignals(0, 0, 0, 0, 0, 4))).isEqualTo(2.0);   // 0.25 · (10 − 4 · 0.5)
    }

    @Test
    void refuses_an_inconsistent_configuration() {
        assertThatIllegalArgumentException().isThrownBy(() -> new QualityConfig(0.3, 0.3, 0.25, 0.25, 3, 1, 0.3,
                8, 6, 4, 2, 4, 1, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualityConfig(0.3, 0.2, 0.25, 0.25, 3, 1, 0.3,
                6, 8, 4, 2, 4, 1, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualityConfig(0.3, 0.2, 0.25, 0.25, 3, 1, 0.3,
                8, 6, 6, 2, 4, 1, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualityConfig(0.3, 0.2, 0.25, 0.25, 3, 1, 0.3,
                8, 6, 4, 4, 4, 1, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualityConfig(0.3, 0.2, 0.25, 0.25, 3, 1, 0.3,
                8, 6, 4, 2, 4, 1, List.of(Duration.ofSeconds(-1))));
    }

    @Test
    void refuses_scores_outside_zero_to_ten_and_negative_counts() {
        assertThatIllegalArgumentException().isThrownBy(() -> policy.band(10.1));
        assertThatIllegalArgumentException().isThrownBy(() -> policy.band(-0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> policy.judge(5.0, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualitySignals(11, 0, 0, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualitySignals(0, -1, 0, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualitySignals(0, 0, Double.NaN, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualitySignals(0, 0, 0, -1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualitySignals(0, 0, 0, 0, -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualitySignals(0, 0, 0, 0, 0, -1));
    }

    @Test
    void verdicts_refuse_nonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> new QualityVerdict.Propose(QualityBand.REVISION_REQUESTED));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualityVerdict.Propose(QualityBand.REGENERATION_REQUESTED));
        assertThatIllegalArgumentException().isThrownBy(() -> new QualityVerdict.Regenerate(0, Duration.ZERO));
        assertThatNullPointerException().isThrownBy(() -> new QualityVerdict.Regenerate(1, null));
        assertThatNullPointerException().isThrownBy(() -> new QualityVerdict.DeadLetter(null));
    }
}
