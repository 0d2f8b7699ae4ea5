package io.fabula.application.orchestration;

import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;

import java.util.List;
import java.util.Objects;

/**
 * What a worker reports for a task: a proposal, a score, or that it gave up.
 *
 * @param taskId the task it answers (the id of the event that caused the task)
 */
public record CapabilityResult(
        EventId taskId, Capability capability, SessionId sessionId, UserId userId, Stage stage,
        CorrelationId correlationId, Outcome outcome) {

    public CapabilityResult {
        Objects.requireNonNull(taskId, "task id");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(sessionId, "session id");
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(correlationId, "correlation id");
        Objects.requireNonNull(outcome, "outcome");
        // a judge cannot propose and a generator cannot score: such a result is a bug in the worker
        if (outcome instanceof Generated && capability.produces() != Capability.Produces.PROPOSAL
                || outcome instanceof Scored && capability.produces() != Capability.Produces.REVIEW) {
            throw new IllegalArgumentException(capability + " cannot report " + outcome.getClass().getSimpleName());
        }
    }

    /** The three things a worker can report. */
    public sealed interface Outcome {
    }

    /** A generator's proposal; {@code selfScore} may be null, {@code elements} are the plot's nodes. */
    public record Generated(String content, Double selfScore, List<String> elements) implements Outcome {
        public Generated {
            Objects.requireNonNull(content, "content");
            elements = elements == null ? List.of() : List.copyOf(elements);
        }
    }

    /** A judge's score (0–10) and findings. */
    public record Scored(double score, List<String> findings) implements Outcome {
        public Scored {
            findings = findings == null ? List.of() : List.copyOf(findings);
        }
    }

    /** The worker gave up after {@code attempts} attempts; the task went to its DLT. */
    public record GaveUp(FailureKind kind, String reason, int attempts) implements Outcome {
        public GaveUp {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
