package io.fabula.domain.failure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BackoffTest {

    @ParameterizedTest(name = "retry {0}: ceiling {1} ms")
    @CsvSource({
            "0,  500",
            "1,  1000",
            "2,  2000",
            "3,  4000",
            "5,  16000",
            "6,  30000",
            "7,  30000",
            "62, 30000",
            "2147483647, 30000",
    })
    void the_ceiling_doubles_from_half_a_second_up_to_thirty_seconds(int retry, long ceilingMillis) {
        assertThat(Backoff.ceiling(retry)).isEqualTo(Duration.ofMillis(ceilingMillis));
    }

    @ParameterizedTest(name = "retry {0}, jitter {1}: {2} ms")
    @CsvSource({
            "0, 0.0,    250",
            "0, 0.5,    375",
            "0, 0.9999, 500",
            "3, 0.0,    2000",
            "3, 0.25,   2500",
            "9, 0.0,    15000",
            "9, 0.9999, 29999",
    })
    void the_delay_is_drawn_from_the_upper_half_of_the_ceiling(int retry, double jitter, long expectedMillis) {
        assertThat(new Backoff(() -> jitter).delay(retry)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void refuses_a_negative_retry_and_a_jitter_outside_zero_to_one() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.ceiling(-1));
        assertThatIllegalStateException().isThrownBy(() -> new Backoff(() -> 1.0).delay(0));
        assertThatIllegalStateException().isThrownBy(() -> new Backoff(() -> -0.01).delay(0));
        assertThatIllegalStateException().isThrownBy(() -> new Backoff(() -> Double.NaN).delay(0));
    }
}
