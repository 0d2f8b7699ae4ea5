package io.fabula.adapters.in.http.problem;

import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The taxonomy of SPEC §2 as HTTP answers: status from the kind, plus what the client needs to react —
 * {@code current_version} for a Conflict, {@code Retry-After} (header, seconds) for RateLimited, Transient
 * and BudgetExceeded, {@code feature} for FeatureDisabled.
 */
public final class FailureProblems {
    /** How long a client should wait after a Transient failure before trying again. */
    public static final Duration TRANSIENT_RETRY_AFTER = Duration.ofSeconds(5);

    private final Clock clock;

    public FailureProblems(Clock clock) {
        this.clock = clock;
    }

    public Response response(Failure failure, String path) {
        Problem problem = problem(failure).at(path);
        Response.ResponseBuilder answer = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        retryAfter(failure).ifPresent(seconds -> answer.header(HttpHeaders.RETRY_AFTER, seconds));
        if (failure.kind() == FailureKind.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fabula\"");
        }
        return answer.build();
    }

    public Problem problem(Failure failure) {
        String kind = failure.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        Problem problem = Problem.of(kind, title(failure.kind()), failure.httpStatus(), failure.reason());
        if (failure instanceof Failure.Conflict conflict) {
            problem = problem.with("current_version", conflict.currentVersion());
        } else if (failure instanceof Failure.FeatureDisabled disabled) {
            problem = problem.with("feature", disabled.feature());
        } else if (failure instanceof Failure.BudgetExceeded budget) {
            problem = problem.with("resets_at", budget.resetsAt().toString());
        }
        java.util.OptionalLong retry = retryAfter(failure);
        if (retry.isPresent()) {
            problem = problem.with("retry_after_seconds", retry.getAsLong());
        }
        return problem;
    }

    private java.util.OptionalLong retryAfter(Failure failure) {
        if (failure instanceof Failure.RateLimited limited) {
            return java.util.OptionalLong.of(ceilSeconds(limited.retryAfter()));
        } else if (failure instanceof Failure.Transient) {
            return java.util.OptionalLong.of(TRANSIENT_RETRY_AFTER.toSeconds());
        } else if (failure instanceof Failure.BudgetExceeded budget) {
            return java.util.OptionalLong.of(Math.max(1, ceilSeconds(Duration.between(clock.instant(), budget.resetsAt()))));
        }
        return java.util.OptionalLong.empty(); // FeatureDisabled: no retry until an operator switches it on
    }

    private static long ceilSeconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }

    static String title(FailureKind kind) {
        return switch (kind) {
            case VALIDATION -> "Invalid request";
            case UNAUTHORIZED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case RATE_LIMITED -> "Too many requests";
            case FEATURE_DISABLED -> "Feature disabled";
            case BUDGET_EXCEEDED -> "LLM budget exceeded";
            case TRANSIENT -> "Temporarily unavailable";
            case POISON -> "Unprocessable content";
            case QUALITY_REJECTED -> "Quality rejected";
        };
    }
}
