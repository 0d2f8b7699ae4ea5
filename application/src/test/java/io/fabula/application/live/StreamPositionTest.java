package io.fabula.application.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamPositionTest {

    @Test
    void reads_and_writes_the_redis_stream_id_form() {
        assertThat(StreamPosition.parse("1732364400000-7")).contains(new StreamPosition(1732364400000L, 7));
        assertThat(new StreamPosition(1732364400000L, 7)).hasToString("1732364400000-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1732364400000", "-1-0", "1-", "1-2-3", "1 -2", "99999999999999999999-0"})
    void refuses_anything_a_stream_never_sent(String text) {
        assertThat(StreamPosition.parse(text)).isEmpty();
    }

    @Test
    void a_missing_header_is_no_position() {
        assertThat(StreamPosition.parse(null)).isEqualTo(Optional.empty());
    }

    @Test
    void orders_by_time_then_by_sequence() {
        assertThat(new StreamPosition(5, 9)).isLessThan(new StreamPosition(6, 0));
        assertThat(new StreamPosition(6, 0)).isLessThan(new StreamPosition(6, 1));
        assertThat(StreamPosition.ORIGIN.isBefore(new StreamPosition(0, 1))).isTrue();
    }

    @Test
    void is_never_negative() {
        assertThatThrownBy(() -> new StreamPosition(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
