package io.fabula.application.flow;

import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.orchestration.OrchestrationPolicy;
import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import java.util.Objects;

/**
 * The orchestrator's other half (SPEC §3 step 5): a worker's result becomes a RecordProposal, RecordReview
 * or RecordFailure command on the command path, whose events reach the writer. The command's idempotency
 * key is derived from the task, so a result delivered twice is applied once (the second is a replay).
 */
public final class RecordCapabilityResult {
    private final HandleSessionCommand commands;
    private final OrchestrationPolicy policy;

    public RecordCapabilityResult(HandleSessionCommand commands, OrchestrationPolicy policy) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** What became of a result. */
    public sealed interface Outcome {
    }

    /** The session took it; {@code replayed} when it had before. */
    public record Recorded(long version, boolean replayed) implements Outcome {
    }

    /** The session has moved on (a stale result: stage already reviewed, session failed or paused): dropped. */
    public record Stale(Failure failure) implements Outcome {
    }

    /** The session refused it for another reason (a worker's bug): the caller parks the message on its DLT. */
    public record Refused(Failure failure) implements Outcome {
    }

    /** @throws RuntimeException when the database cannot be reached (nothing was written; the caller retries) */
    public Outcome handle(CapabilityResult result) {
        CommandOutcome outcome = commands.handle(policy.commandFor(result));
        if (outcome instanceof CommandOutcome.Accepted accepted) {
            return new Recorded(accepted.version(), accepted.replayed());
        }
        Failure failure = ((CommandOutcome.Rejected) outcome).failure();
        return failure.kind().deadLetterRule() == FailureKind.DeadLetterRule.NEVER ? new Stale(failure) : new Refused(failure);
    }
}
