package io.fabula.application.story;

import java.util.Objects;

/** The outcome of validating a story graph: checked, or skipped and said so (SPEC §8: Neo4j down → validation off). */
public sealed interface GraphValidation {

    record Checked(ConsistencyReport report) implements GraphValidation {
        public Checked {
            Objects.requireNonNull(report, "report");
        }
    }

    /** @param reason why, for responses and events ({@code validation: skipped}) and the operator */
    record Skipped(String reason) implements GraphValidation {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
