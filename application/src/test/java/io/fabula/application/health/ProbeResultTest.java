package io.fabula.application.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ProbeResultTest {

    @Test
    void a_round_trip_that_returns_is_healthy_with_its_answer() {
        ProbeResult result = ProbeResult.measure(() -> "PING answered PONG");

        assertThat(result).isInstanceOfSatisfying(ProbeResult.Healthy.class,
                healthy -> assertThat(healthy.detail()).isEqualTo("PING answered PONG"));
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    void a_round_trip_that_throws_is_unhealthy_with_the_cause_kept() {
        ConnectException refused = new ConnectException("Connection refused");

        ProbeResult result = ProbeResult.measure(() -> {
            throw refused;
        });

        assertThat(result).isInstanceOfSatisfying(ProbeResult.Unhealthy.class, unhealthy -> {
            assertThat(unhealthy.reason()).isEqualTo("ConnectException: Connection refused");
            assertThat(unhealthy.cause()).contains(refused);
        });
    }

    @Test
    void the_reason_names_the_innermost_cause_when_it_says_something_new() {
        Exception wrapped = new IllegalStateException("Failed to connect to 127.0.0.1:6379",
                new ConnectException("Connection refused"));

        ProbeResult result = ProbeResult.unhealthy(wrapped, Duration.ZERO);

        assertThat(((ProbeResult.Unhealthy) result).reason())
                .isEqualTo("IllegalStateException: Failed to connect to 127.0.0.1:6379 (cause: ConnectException: Connection refused)");
    }

    @Test
    void the_reason_skips_future_wrappers_and_does_not_repeat_itself() {
        Exception timeout = new java.util.concurrent.TimeoutException("Timed out waiting for a node assignment.");

        ProbeResult result = ProbeResult.unhealthy(new ExecutionException(timeout), Duration.ZERO);

        assertThat(((ProbeResult.Unhealthy) result).reason())
                .isEqualTo("TimeoutException: Timed out waiting for a node assignment.");
    }

    @Test
    void an_interrupted_round_trip_is_unhealthy_and_keeps_the_interrupt() {
        ProbeResult result = ProbeResult.measure(() -> {
            throw new InterruptedException("stopping");
        });

        assertThat(result).isInstanceOf(ProbeResult.Unhealthy.class);
        assertThat(Thread.interrupted()).isTrue();
    }
}
