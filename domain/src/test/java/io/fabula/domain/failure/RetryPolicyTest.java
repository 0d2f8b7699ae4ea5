package io.fabula.domain.failure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class RetryPolicyTest {
    private static final List<Duration> REGENERATION_DELAYS =
            List.of(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30));
    private final RetryPolicy policy = new RetryPolicy(new Backoff(() -> 0.0), REGENERATION_DELAYS);

    @Test
    void a_transient_failure_is_retried_three_times_with_backoff_then_dead_lettered() {
        Failure timeout = new Failure.Transient("LLM timed out");

        assertThat(policy.next(timeout, 0)).isEqualTo(new RetryDecision.Retry(Duration.ofMillis(250), 1));
        assertThat(policy.next(timeout, 1)).isEqualTo(new RetryDecision.Retry(Duration.ofMillis(500), 2));
        assertThat(policy.next(timeout, 2)).isEqualTo(new RetryDecision.Retry(Duration.ofMillis(1000), 3));
        assertThat(policy.next(timeout, 3)).isEqualTo(
                new RetryDecision.DeadLetter("TRANSIENT after 3 retries: LLM timed out"));
    }

    @Test
    void a_rate_limited_call_waits_as_long_as_it_was_told() {
        Failure limited = new Failure.RateLimited("429", Duration.ofSeconds(30));

        assertThat(policy.next(limited, 0)).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(30), 1));
        assertThat(policy.next(limited, 2)).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(30), 3));
        assertThat(policy.next(limited, 3)).isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void a_rejected_proposal_is_regenerated_after_5_15_and_30_seconds_then_dead_lettered() {
        Failure weak = new Failure.QualityRejected("weak", 3.0);

        assertThat(policy.next(weak, 0)).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(5), 1));
        assertThat(policy.next(weak, 1)).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(15), 2));
        assertThat(policy.next(weak, 2)).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(30), 3));
        assertThat(policy.next(weak, 3)).isEqualTo(new RetryDecision.DeadLetter("QUALITY_REJECTED after 3 retries: weak"));
    }

    static Stream<Arguments> notRetried() {
        return Stream.of(
                Arguments.of(Failure.Validation.of("bad task"), new RetryDecision.DeadLetter("VALIDATION: bad task")),
                Arguments.of(new Failure.Unauthorized("key revoked"), new RetryDecision.DeadLetter("UNAUTHORIZED: key revoked")),
                Arguments.of(new Failure.Forbidden("no"), new RetryDecision.DeadLetter("FORBIDDEN: no")),
                Arguments.of(new Failure.NotFound("gone"), new RetryDecision.DeadLetter("NOT_FOUND: gone")),
                Arguments.of(new Failure.Conflict("stale result", 4), new RetryDecision.Discard("CONFLICT: stale result")),
                Arguments.of(new Failure.FeatureDisabled("LLM_ENABLED", "off"), new RetryDecision.DeadLetter("FEATURE_DISABLED: off")),
                Arguments.of(new Failure.BudgetExceeded("spent", Instant.EPOCH), new RetryDecision.DeadLetter("BUDGET_EXCEEDED: spent")),
                Arguments.of(new Failure.Poison("schema 9"), new RetryDecision.DeadLetter("POISON: schema 9")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("notRetried")
    void what_cannot_be_retried_is_parked_or_dropped_at_once(Failure failure, RetryDecision expected) {
        assertThat(policy.next(failure, 0)).isEqualTo(expected);
    }

    @Test
    void refuses_a_negative_count_of_earlier_failures() {
        assertThatIllegalArgumentException().isThrownBy(() -> policy.next(new Failure.Transient("x"), -1));
    }

    @Test
    void decisions_refuse_nonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryDecision.Retry(Duration.ZERO, 0));
        assertThatNullPointerException().isThrownBy(() -> new RetryDecision.Retry(null, 1));
        assertThatNullPointerException().isThrownBy(() -> new RetryDecision.DeadLetter(null));
        assertThatNullPointerException().isThrownBy(() -> new RetryDecision.Discard(null));
        assertThat(new RetryDecision.Retry(Duration.ZERO, 1).retry()).isEqualTo(1);
    }
}
