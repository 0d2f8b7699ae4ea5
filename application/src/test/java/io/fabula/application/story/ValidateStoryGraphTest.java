package io.fabula.application.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ValidateStoryGraphTest {
    private static final StoryBranch BRANCH = new StoryBranch(NovelId.of("01956a1e-0000-7000-8000-0000000000cc"),
            SessionId.of("01956a1e-0000-7000-8000-000000000001"));

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();
    private final StoryGraph graph = new StoryGraph() {
        @Override
        public void project(DomainEvent event) {
        }

        @Override
        public ConsistencyReport validate(StoryBranch branch) {
            calls.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("connection refused");
            }
            return new ConsistencyReport(branch, List.of(), Duration.ofMillis(3));
        }
    };

    @Test
    void checks_the_graph_when_it_answers() {
        GraphValidation result = new ValidateStoryGraph(graph, () -> true).handle(BRANCH);

        assertThat(result).isInstanceOfSatisfying(GraphValidation.Checked.class,
                checked -> assertThat(checked.report().clean()).isTrue());
    }

    @Test
    void a_graph_that_cannot_answer_skips_validation_and_says_why_and_recovers_when_it_returns() {
        ValidateStoryGraph validate = new ValidateStoryGraph(graph, () -> true);
        down.set(true);

        assertThat(validate.handle(BRANCH)).isInstanceOfSatisfying(GraphValidation.Skipped.class,
                skipped -> assertThat(skipped.reason()).contains("unavailable"));

        down.set(false);
        assertThat(validate.handle(BRANCH)).isInstanceOf(GraphValidation.Checked.class);
    }

    @Test
    void the_switch_is_read_on_every_call_and_off_means_the_graph_is_not_asked() {
        AtomicBoolean enabled = new AtomicBoolean(false);
        ValidateStoryGraph validate = new ValidateStoryGraph(graph, enabled::get);

        assertThat(validate.handle(BRANCH)).isInstanceOfSatisfying(GraphValidation.Skipped.class,
                skipped -> assertThat(skipped.reason()).contains("switched off"));
        assertThat(calls).hasValue(0);

        enabled.set(true);
        assertThat(validate.handle(BRANCH)).isInstanceOf(GraphValidation.Checked.class);
    }
}
