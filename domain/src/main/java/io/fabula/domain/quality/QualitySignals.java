package io.fabula.domain.quality;

/**
 * What the review capability measured about one proposal: three component scores on 0–10 and the
 * consistency findings of the graph check, counted by severity.
 */
public record QualitySignals(
        double llmJudgement, double ruleChecks, double intentSimilarity,
        int consistencyErrors, int consistencyWarnings, int consistencyInfos) {

    public QualitySignals {
        requireScore(llmJudgement, "llmJudgement");
        requireScore(ruleChecks, "ruleChecks");
        requireScore(intentSimilarity, "intentSimilarity");
        if (consistencyErrors < 0 || consistencyWarnings < 0 || consistencyInfos < 0) {
            throw new IllegalArgumentException("finding counts must not be negative");
        }
    }

    static void requireScore(double score, String what) {
        if (!(score >= 0.0 && score <= 10.0)) {
            throw new IllegalArgumentException(what + " must be within 0..10: " + score);
        }
    }
}
