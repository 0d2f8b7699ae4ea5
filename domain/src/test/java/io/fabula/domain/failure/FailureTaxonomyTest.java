package io.fabula.domain.failure;

import io.fabula.domain.failure.FailureKind.DeadLetterRule;
import io.fabula.domain.failure.FailureKind.RetryRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** SPEC §2's taxonomy, one row per kind: HTTP status, retry, dead-letter routing. */
class FailureTaxonomyTest {

    @ParameterizedTest(name = "{0}: HTTP {1}, retryable {2}, {3}, DLT {4}")
    @CsvSource({
            "VALIDATION,       422, false, NEVER,                 IMMEDIATELY",
            "UNAUTHORIZED,     401, false, NEVER,                 IMMEDIATELY",
            "FORBIDDEN,        403, false, NEVER,                 IMMEDIATELY",
            "NOT_FOUND,        404, false, NEVER,                 IMMEDIATELY",
            "CONFLICT,         409, false, NEVER,                 NEVER",
            "RATE_LIMITED,     429, true,  AFTER_RETRY_AFTER,     WHEN_RETRIES_EXHAUSTED",
            "FEATURE_DISABLED, 503, false, WHEN_SWITCHED_ON,      IMMEDIATELY",
            "BUDGET_EXCEEDED,  503, false, WHEN_BUDGET_RESETS,    IMMEDIATELY",
            "TRANSIENT,        503, true,  EXPONENTIAL_BACKOFF,   WHEN_RETRIES_EXHAUSTED",
            "POISON,           422, false, NEVER,                 IMMEDIATELY",
            "QUALITY_REJECTED, 422, true,  REGENERATION_SCHEDULE, WHEN_RETRIES_EXHAUSTED",
    })
    void every_kind_has_its_status_retry_rule_and_dead_letter_rule(
            FailureKind kind, int status, boolean retryable, RetryRule retry, DeadLetterRule deadLetter) {
        assertThat(kind.httpStatus()).isEqualTo(status);
        assertThat(kind.retryable()).isEqualTo(retryable);
        assertThat(kind.retryRule()).isEqualTo(retry);
        assertThat(kind.deadLetterRule()).isEqualTo(deadLetter);
    }

    static Stream<Arguments> oneOfEachKind() {
        return Stream.of(
                Arguments.of(Failure.Validation.of("bad"), FailureKind.VALIDATION),
                Arguments.of(new Failure.Unauthorized("no token"), FailureKind.UNAUTHORIZED),
                Arguments.of(new Failure.Forbidden("not an admin"), FailureKind.FORBIDDEN),
                Arguments.of(new Failure.NotFound("no session"), FailureKind.NOT_FOUND),
                Arguments.of(new Failure.Conflict("stale", 3), FailureKind.CONFLICT),
                Arguments.of(new Failure.RateLimited("slow down", Duration.ofSeconds(30)), FailureKind.RATE_LIMITED),
                Arguments.of(new Failure.FeatureDisabled("LLM_ENABLED", "off"), FailureKind.FEATURE_DISABLED),
                Arguments.of(new Failure.BudgetExceeded("spent", Instant.EPOCH), FailureKind.BUDGET_EXCEEDED),
                Arguments.of(new Failure.Transient("timeout"), FailureKind.TRANSIENT),
                Arguments.of(new Failure.Poison("unknown schema"), FailureKind.POISON),
                Arguments.of(new Failure.QualityRejected("too weak", 3.0), FailureKind.QUALITY_REJECTED));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("oneOfEachKind")
    void every_failure_reports_its_kind_and_answers_by_it(Failure failure, FailureKind kind) {
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.retryable()).isEqualTo(kind.retryable());
        if (!(failure instanceof Failure.Validation)) {
            assertThat(failure.httpStatus()).isEqualTo(kind.httpStatus());
        }
        assertThat(failure.reason()).isNotBlank();
    }

    @Test
    void the_taxonomy_has_exactly_the_eleven_kinds_of_the_spec() {
        assertThat(Arrays.stream(FailureKind.values()).map(Enum::name)).containsExactly(
                "VALIDATION", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RATE_LIMITED",
                "FEATURE_DISABLED", "BUDGET_EXCEEDED", "TRANSIENT", "POISON", "QUALITY_REJECTED");
        assertThat(oneOfEachKind()).hasSize(FailureKind.values().length);
    }

    @Test
    void a_malformed_body_answers_400_and_an_invalid_one_422() {
        assertThat(new Failure.Validation("not JSON", true).httpStatus()).isEqualTo(400);
        assertThat(Failure.Validation.of("seed too long").httpStatus()).isEqualTo(422);
        assertThat(Failure.Validation.of("x").malformed()).isFalse();
    }

    @Test
    void failures_carry_what_their_answer_needs() {
        assertThat(new Failure.Conflict("stale", 7).currentVersion()).isEqualTo(7);
        assertThat(new Failure.RateLimited("slow", Duration.ofSeconds(30)).retryAfter()).hasSeconds(30);
        assertThat(new Failure.FeatureDisabled("LLM_ENABLED", "off").feature()).isEqualTo("LLM_ENABLED");
        assertThat(new Failure.BudgetExceeded("spent", Instant.EPOCH).resetsAt()).isEqualTo(Instant.EPOCH);
        assertThat(new Failure.QualityRejected("weak", 10.0).score()).isEqualTo(10.0);
        assertThat(new Failure.QualityRejected("weak", 0.0).score()).isZero();
        assertThat(new Failure.RateLimited("now", Duration.ZERO).retryAfter()).isZero();
        assertThat(new Failure.Conflict("fresh", 0).currentVersion()).isZero();
    }

    @Test
    void failures_refuse_to_be_built_without_a_reason_or_with_nonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> Failure.Validation.of(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.Unauthorized(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.Forbidden(""));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.NotFound(""));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.Conflict("", 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.Conflict("stale", -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.RateLimited("slow", Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.RateLimited("slow", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.RateLimited("", Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.FeatureDisabled("", "off"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.FeatureDisabled("LLM_ENABLED", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.BudgetExceeded("", Instant.EPOCH));
        assertThatNullPointerException().isThrownBy(() -> new Failure.BudgetExceeded("spent", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.Transient(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.Poison(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.QualityRejected("", 5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.QualityRejected("weak", 10.1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.QualityRejected("weak", -0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure.QualityRejected("weak", Double.NaN));
    }
}
