package io.fabula.domain.stage;

import org.junit.jupiter.api.Test;

import static io.fabula.domain.stage.Stage.*;
import static org.assertj.core.api.Assertions.assertThat;

class StageTest {

    @Test
    void stages_follow_the_order_of_the_design() {
        assertThat(Stage.values()).containsExactly(CONCEPT, THEME, WORLD, CHARACTERS, PLOT, DETAILS);
        assertThat(CONCEPT.index()).isZero();
        assertThat(DETAILS.index()).isEqualTo(5);
        assertThat(Stage.first()).isEqualTo(CONCEPT);
    }

    @Test
    void each_stage_but_the_last_has_a_next_one() {
        assertThat(CONCEPT.next()).contains(THEME);
        assertThat(PLOT.next()).contains(DETAILS);
        assertThat(DETAILS.next()).isEmpty();
        assertThat(DETAILS.isLast()).isTrue();
        assertThat(PLOT.isLast()).isFalse();
    }
}
