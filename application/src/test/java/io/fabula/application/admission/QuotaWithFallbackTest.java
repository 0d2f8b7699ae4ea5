package io.fabula.application.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QuotaWithFallbackTest {
    private final InProcessQuotaTest.MutableClock clock = new InProcessQuotaTest.MutableClock();
    private final AtomicBoolean redisDown = new AtomicBoolean();
    private final AtomicInteger sharedCalls = new AtomicInteger();
    private final RequestQuota shared = subject -> {
        sharedCalls.incrementAndGet();
        if (redisDown.get()) {
            throw new QuotaUnavailable("connection refused", null);
        }
        return new QuotaDecision.Allowed(60, 42);
    };
    private final QuotaWithFallback quota = new QuotaWithFallback(shared,
            new InProcessQuota(new QuotaSettings(2, Duration.ofSeconds(60)), clock), Duration.ofSeconds(5), clock);

    @Test
    void the_shared_count_decides_while_redis_answers() {
        assertThat(quota.take("user:a")).isEqualTo(new QuotaDecision.Allowed(60, 42));
        assertThat(quota.fallingBack()).isFalse();
    }

    @Test
    void requests_are_still_limited_in_process_while_redis_is_down() {
        redisDown.set(true);

        assertThat(quota.take("user:a")).isInstanceOf(QuotaDecision.Allowed.class);
        assertThat(quota.take("user:a")).isInstanceOf(QuotaDecision.Allowed.class);
        assertThat(quota.take("user:a")).isInstanceOf(QuotaDecision.Exhausted.class);
        assertThat(quota.fallingBack()).isTrue();
    }

    @Test
    void a_dead_redis_is_asked_once_per_pause_not_once_per_request() {
        redisDown.set(true);
        for (int i = 0; i < 10; i++) {
            quota.take("user:" + i);
        }
        assertThat(sharedCalls).hasValue(1);

        redisDown.set(false);
        clock.advance(Duration.ofSeconds(5));

        assertThat(quota.take("user:a")).isEqualTo(new QuotaDecision.Allowed(60, 42));
        assertThat(quota.fallingBack()).isFalse();
    }
}
