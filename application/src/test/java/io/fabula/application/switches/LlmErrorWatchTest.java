package io.fabula.application.switches;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.MutableClock;
import io.fabula.domain.failure.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmErrorWatchTest {
    private final List<String> trips = new ArrayList<>();
    private final List<Failure> counted = new ArrayList<>();
    private final Switches switches = new Switches() {
        @Override
        public boolean isOn(Switch which) {
            return trips.isEmpty();
        }

        @Override
        public void trip(Switch which, String reason) {
            trips.add(which + ": " + reason);
        }
    };
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LlmErrorWatch watch = new LlmErrorWatch(switches, clock, 10, Duration.ofHours(1), counted::add);

    @Test
    void ten_429_or_5xx_in_an_hour_do_not_trip_the_eleventh_does() {
        for (int i = 0; i < 10; i++) {
            watch.report(i % 2 == 0 ? new Failure.RateLimited("429", Duration.ofSeconds(1)) : new Failure.Transient("503"));
        }
        assertThat(trips).isEmpty();

        watch.report(new Failure.Transient("502 bad gateway"));

        assertThat(trips).singleElement().asString().startsWith("LLM_ENABLED: 11 LLM 429/5xx answers within 60 min");
        assertThat(counted).hasSize(11);
    }

    @Test
    void errors_older_than_the_window_no_longer_count() {
        for (int i = 0; i < 10; i++) {
            watch.report(new Failure.Transient("503"));
        }
        clock.advance(Duration.ofMinutes(61));
        watch.report(new Failure.Transient("503"));

        assertThat(trips).isEmpty();
        assertThat(watch.errorsInWindow()).isEqualTo(1);
    }

    @Test
    void refusals_that_are_not_429_or_5xx_do_not_count() {
        for (int i = 0; i < 20; i++) {
            watch.report(new Failure.Validation("bad model", false));
        }
        assertThat(trips).isEmpty();
        assertThat(counted).isEmpty();
    }
}
