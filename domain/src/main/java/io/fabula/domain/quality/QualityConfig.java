package io.fabula.domain.quality;

import java.time.Duration;
import java.util.List;

/**
 * The numbers of the quality gate (SPEC §4). {@link #defaults()} holds the design's values; the
 * application binds an override from YAML. The number of {@code regenerationDelays} is the number
 * of regenerations allowed.
 */
public record QualityConfig(
        double llmWeight, double rulesWeight, double intentWeight, double consistencyWeight,
        double errorPenalty, double warningPenalty, double infoPenalty,
        double proposeAtLeast, double suggestAtLeast, double reviseAtLeast,
        double deadLetterBelow, double retryBelowBase, double retryBelowStepPerAttempt,
        List<Duration> regenerationDelays) {

    public QualityConfig {
        double weights = llmWeight + rulesWeight + intentWeight + consistencyWeight;
        if (Math.abs(weights - 1.0) > 1e-9) {
            throw new IllegalArgumentException("weights must add up to 1.0, not " + weights);
        }
        if (!(proposeAtLeast > suggestAtLeast && suggestAtLeast > reviseAtLeast && reviseAtLeast > deadLetterBelow)) {
            throw new IllegalArgumentException("band thresholds must descend: propose > suggest > revise > dead letter");
        }
        regenerationDelays = List.copyOf(regenerationDelays);
        if (regenerationDelays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("regeneration delays must not be negative");
        }
    }

    /** LLM 30 %, rules 20 %, intent 25 %, graph 25 %; penalties 3.0/1.0/0.3; bands 8/6/4; DLT below 2; 5/15/30 s. */
    public static QualityConfig defaults() {
        return new QualityConfig(
                0.30, 0.20, 0.25, 0.25,
                3.0, 1.0, 0.3,
                8.0, 6.0, 4.0,
                2.0, 4.0, 1.0,
                List.of(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30)));
    }

    public int maxRegenerations() {
        return regenerationDelays.size();
    }
}
