package io.fabula.adapters.in.http.problem;

import io.fabula.domain.failure.Failure;
import java.util.Objects;

/**
 * Throw from any resource to answer with a {@link Failure} of the taxonomy as a problem: status,
 * {@code Retry-After} and extension members come from the failure's kind ({@link FailureProblems}).
 * E.g. {@code if (outcome instanceof CommandOutcome.Rejected r) throw new FailureException(r.failure());}
 */
public final class FailureException extends RuntimeException {
    private final transient Failure failure;

    public FailureException(Failure failure) {
        super(Objects.requireNonNull(failure, "failure").reason(), null, false, false);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
