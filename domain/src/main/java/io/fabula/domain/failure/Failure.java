package io.fabula.domain.failure;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Why something did not happen, as one of the kinds of the taxonomy (SPEC §2). Business rules
 * reject with a {@code Failure}, never with an exception; adapters classify their exceptions into
 * one. Each kind carries the data its HTTP answer or its retry needs (a {@link Conflict} the current
 * version, a {@link RateLimited} its Retry-After).
 */
public sealed interface Failure {

    FailureKind kind();

    /** Human-readable and safe to show to the writer: never a stack trace or a secret. */
    String reason();

    default int httpStatus() {
        return kind().httpStatus();
    }

    default boolean retryable() {
        return kind().retryable();
    }

    /** The input is wrong; {@code malformed} when it could not even be read (HTTP 400, else 422). */
    record Validation(String reason, boolean malformed) implements Failure {
        public Validation {
            requireReason(reason);
        }

        public static Validation of(String reason) {
            return new Validation(reason, false);
        }

        @Override
        public FailureKind kind() {
            return FailureKind.VALIDATION;
        }

        @Override
        public int httpStatus() {
            return malformed ? 400 : 422;
        }
    }

    record Unauthorized(String reason) implements Failure {
        public Unauthorized {
            requireReason(reason);
        }

        @Override
        public FailureKind kind() {
            return FailureKind.UNAUTHORIZED;
        }
    }

    record Forbidden(String reason) implements Failure {
        public Forbidden {
            requireReason(reason);
        }

        @Override
        public FailureKind kind() {
            return FailureKind.FORBIDDEN;
        }
    }

    /** Also the answer for another writer's session: its existence is not revealed (404, not 403). */
    record NotFound(String reason) implements Failure {
        public NotFound {
            requireReason(reason);
        }

        @Override
        public FailureKind kind() {
            return FailureKind.NOT_FOUND;
        }
    }

    /** A stale expected version or a command the current state does not allow; carries the version to retry with. */
    record Conflict(String reason, long currentVersion) implements Failure {
        public Conflict {
            requireReason(reason);
            if (currentVersion < 0) {
                throw new IllegalArgumentException("current version must not be negative");
            }
        }

        @Override
        public FailureKind kind() {
            return FailureKind.CONFLICT;
        }
    }

    record RateLimited(String reason, Duration retryAfter) implements Failure {
        public RateLimited {
            requireReason(reason);
            requireNotNegative(retryAfter, "retry-after");
        }

        @Override
        public FailureKind kind() {
            return FailureKind.RATE_LIMITED;
        }
    }

    /** A switch (SPEC §8) is off; {@code feature} names it, e.g. {@code LLM_ENABLED}. */
    record FeatureDisabled(String feature, String reason) implements Failure {
        public FeatureDisabled {
            requireReason(feature);
            requireReason(reason);
        }

        @Override
        public FailureKind kind() {
            return FailureKind.FEATURE_DISABLED;
        }
    }

    /** The daily LLM budget is spent; calls resume at {@code resetsAt} unless an admin raises it earlier. */
    record BudgetExceeded(String reason, Instant resetsAt) implements Failure {
        public BudgetExceeded {
            requireReason(reason);
            Objects.requireNonNull(resetsAt, "resetsAt");
        }

        @Override
        public FailureKind kind() {
            return FailureKind.BUDGET_EXCEEDED;
        }
    }

    /** A dependency timed out, answered 5xx or dropped the connection: likely to work later. */
    record Transient(String reason) implements Failure {
        public Transient {
            requireReason(reason);
        }

        @Override
        public FailureKind kind() {
            return FailureKind.TRANSIENT;
        }
    }

    /** A message that can never be processed (undeserializable, unknown or newer schema). */
    record Poison(String reason) implements Failure {
        public Poison {
            requireReason(reason);
        }

        @Override
        public FailureKind kind() {
            return FailureKind.POISON;
        }
    }

    /** A proposal scored below the quality gate (SPEC §4). */
    record QualityRejected(String reason, double score) implements Failure {
        public QualityRejected {
            requireReason(reason);
            if (!(score >= 0.0 && score <= 10.0)) {
                throw new IllegalArgumentException("score must be within 0..10: " + score);
            }
        }

        @Override
        public FailureKind kind() {
            return FailureKind.QUALITY_REJECTED;
        }
    }

    private static void requireReason(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a failure needs a reason");
        }
    }

    private static void requireNotNegative(Duration duration, String what) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive");
        }
    }
}
