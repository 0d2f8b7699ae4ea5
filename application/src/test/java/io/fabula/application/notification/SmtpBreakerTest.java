package io.fabula.application.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SmtpBreakerTest {

    @Test
    void up_to_the_threshold_failures_are_tolerated_and_the_next_one_trips() {
        SmtpBreaker breaker = new SmtpBreaker(3);
        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.failed()).isTrue();
        assertThat(breaker.streak()).isEqualTo(4);
    }

    @Test
    void every_failure_after_the_trip_still_answers_trip() {
        SmtpBreaker breaker = new SmtpBreaker(1);
        breaker.failed();
        assertThat(breaker.failed()).isTrue();
        assertThat(breaker.failed()).isTrue();
    }

    @Test
    void an_answer_from_the_server_ends_the_streak() {
        SmtpBreaker breaker = new SmtpBreaker(3);
        breaker.failed();
        breaker.failed();
        breaker.failed();
        breaker.answered();
        assertThat(breaker.streak()).isZero();
        assertThat(breaker.failed()).isFalse();
    }

    @Test
    void a_threshold_below_one_is_refused() {
        assertThatThrownBy(() -> new SmtpBreaker(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
