package io.fabula.application.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TabIdTest {

    @Test
    void no_header_or_a_blank_one_is_no_tab() {
        assertThat(LiveConnections.tab(null)).isEmpty();
        assertThat(LiveConnections.tab("  ")).isEmpty();
    }

    @Test
    void a_tab_id_is_taken_without_surrounding_spaces() {
        assertThat(LiveConnections.tab(" tab-7f3a ")).contains("tab-7f3a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a|b", "tab one", "täb"})
    void a_tab_id_with_separators_or_non_ascii_characters_is_refused(String header) {
        assertThatThrownBy(() -> LiveConnections.tab(header)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Tab-ID");
    }

    @Test
    void a_tab_id_longer_than_64_characters_is_refused() {
        assertThatThrownBy(() -> LiveConnections.tab("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
