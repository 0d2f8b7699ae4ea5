package io.fabula.domain.quality;

import java.time.Duration;
import java.util.Objects;

/** What the quality gate decides about one reviewed proposal. */
public sealed interface QualityVerdict {

    /** Good enough to show the writer ({@code PROPOSED} or {@code PROPOSED_WITH_SUGGESTIONS}). */
    record Propose(QualityBand band) implements QualityVerdict {
        public Propose {
            if (band != QualityBand.PROPOSED && band != QualityBand.PROPOSED_WITH_SUGGESTIONS) {
                throw new IllegalArgumentException("only a proposing band can propose: " + band);
            }
        }
    }

    /** Send it back for a revision, with the findings as feedback. */
    record Revise() implements QualityVerdict {
    }

    /** Generate again after {@code delay}; {@code attempt} is this regeneration's number, from 1. */
    record Regenerate(int attempt, Duration delay) implements QualityVerdict {
        public Regenerate {
            Objects.requireNonNull(delay, "delay");
            if (attempt < 1) {
                throw new IllegalArgumentException("regenerations count from 1");
            }
        }
    }

    /** Give up: the task goes to its DLT and the session fails (writer notified). */
    record DeadLetter(String reason) implements QualityVerdict {
        public DeadLetter {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
