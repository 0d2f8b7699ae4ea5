package io.fabula.domain.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The quality gate of SPEC §4 as pure functions: the weighted score of a proposal, its band, and
 * the verdict that decides between proposing, revising, regenerating and giving up.
 */
public final class QualityPolicy {
    private final QualityConfig config;

    public QualityPolicy(QualityConfig config) {
        this.config = config;
    }

    public static QualityPolicy withDefaults() {
        return new QualityPolicy(QualityConfig.defaults());
    }

    public QualityConfig config() {
        return config;
    }

    /**
     * The weighted score on 0–10, rounded to one decimal because the bands are written with one
     * (a 7.95 is an 8.0, not a "6.0–7.9"). Graph consistency starts at 10 and loses the penalty of
     * every finding (error 3.0, warning 1.0, info 0.3), down to 0.
     */
    public double score(QualitySignals signals) {
        double penalties = signals.consistencyErrors() * config.errorPenalty()
                + signals.consistencyWarnings() * config.warningPenalty()
                + signals.consistencyInfos() * config.infoPenalty();
        double consistency = Math.max(0.0, 10.0 - penalties);
        double weighted = signals.llmJudgement() * config.llmWeight()
                + signals.ruleChecks() * config.rulesWeight()
                + signals.intentSimilarity() * config.intentWeight()
                + consistency * config.consistencyWeight();
        return roundToOneDecimal(weighted);
    }

    public QualityBand band(double score) {
        QualitySignals.requireScore(score, "score");
        if (score >= config.proposeAtLeast()) {
            return QualityBand.PROPOSED;
        }
        if (score >= config.suggestAtLeast()) {
            return QualityBand.PROPOSED_WITH_SUGGESTIONS;
        }
        if (score >= config.reviseAtLeast()) {
            return QualityBand.REVISION_REQUESTED;
        }
        return QualityBand.REGENERATION_REQUESTED;
    }

    /**
     * The verdict on a proposal scored {@code score} after {@code regenerationsSoFar} regenerations
     * of the same stage:
     * <ol>
     *   <li>below 2.0 it goes straight to the DLT;</li>
     *   <li>while regenerations are left, it is regenerated when {@code score < 4.0 + regenerationsSoFar}
     *       (SPEC §4's "retry while score &lt; 4.0 + attempt": each regeneration must clear a higher bar);</li>
     *   <li>otherwise its band decides, except that a regeneration-band score with no
     *       regenerations left goes to the DLT.</li>
     * </ol>
     */
    public QualityVerdict judge(double score, int regenerationsSoFar) {
        if (regenerationsSoFar < 0) {
            throw new IllegalArgumentException("regenerations must not be negative");
        }
        QualityBand band = band(score);
        if (score < config.deadLetterBelow()) {
            return new QualityVerdict.DeadLetter("score " + score + " is below " + config.deadLetterBelow());
        }
        boolean regenerationsLeft = regenerationsSoFar < config.maxRegenerations();
        if (regenerationsLeft && score < retryBelow(regenerationsSoFar)) {
            return new QualityVerdict.Regenerate(
                    regenerationsSoFar + 1, config.regenerationDelays().get(regenerationsSoFar));
        }
        return switch (band) {
            case PROPOSED, PROPOSED_WITH_SUGGESTIONS -> new QualityVerdict.Propose(band);
            case REVISION_REQUESTED -> new QualityVerdict.Revise();
            case REGENERATION_REQUESTED -> new QualityVerdict.DeadLetter(
                    "score " + score + " after " + regenerationsSoFar + " regenerations");
        };
    }

    /** The score a proposal must reach to escape regeneration after {@code regenerationsSoFar} of them. */
    public double retryBelow(int regenerationsSoFar) {
        return config.retryBelowBase() + config.retryBelowStepPerAttempt() * regenerationsSoFar;
    }

    private static double roundToOneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}
