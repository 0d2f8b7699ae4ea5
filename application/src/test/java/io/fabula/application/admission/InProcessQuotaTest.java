package io.fabula.application.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InProcessQuotaTest {
    private final MutableClock clock = new MutableClock();
    private final InProcessQuota quota = new InProcessQuota(new QuotaSettings(60, Duration.ofSeconds(60)), clock);

    @Test
    void the_sixtieth_request_of_a_window_passes_and_the_sixty_first_is_told_when_to_retry() {
        for (int i = 1; i <= 59; i++) {
            assertThat(quota.take("user:a")).isInstanceOf(QuotaDecision.Allowed.class);
        }
        assertThat(quota.take("user:a")).isEqualTo(new QuotaDecision.Allowed(60, 0));
        clock.advance(Duration.ofMillis(20_500));

        QuotaDecision sixtyFirst = quota.take("user:a");

        assertThat(sixtyFirst).isInstanceOf(QuotaDecision.Exhausted.class);
        assertThat(((QuotaDecision.Exhausted) sixtyFirst).retryAfterSeconds()).isEqualTo(40);
    }

    @Test
    void a_new_window_starts_when_the_old_one_ends() {
        for (int i = 0; i < 61; i++) {
            quota.take("user:a");
        }
        clock.advance(Duration.ofSeconds(60));

        assertThat(quota.take("user:a")).isEqualTo(new QuotaDecision.Allowed(60, 59));
    }

    @Test
    void writers_are_counted_apart() {
        for (int i = 0; i < 61; i++) {
            quota.take("user:a");
        }

        assertThat(quota.take("user:b")).isEqualTo(new QuotaDecision.Allowed(60, 59));
    }

    @Test
    void retry_after_is_at_least_one_second() {
        assertThat(new QuotaDecision.Exhausted(60, Duration.ofMillis(3)).retryAfterSeconds()).isEqualTo(1);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
