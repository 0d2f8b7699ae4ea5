package io.fabula.adapters.out.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.CircuitBreakerOpenException;
import io.fabula.application.resilience.BreakerSettings;
import io.fabula.application.story.ConsistencyReport;
import io.fabula.application.story.StoryBranch;
import io.fabula.application.story.StoryGraph;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BreakingStoryGraphTest {
    private static final StoryBranch BRANCH = new StoryBranch(NovelId.of("01956a1e-0000-7000-8000-0000000000cc"),
            SessionId.of("01956a1e-0000-7000-8000-000000000001"));

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean badInput = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();
    private final StoryGraph server = new StoryGraph() {
        @Override
        public void project(DomainEvent event) {
        }

        @Override
        public ConsistencyReport validate(StoryBranch branch) {
            calls.incrementAndGet();
            if (badInput.get()) {
                throw new IllegalArgumentException("malformed");
            }
            if (down.get()) {
                throw new IllegalStateException("connection refused");
            }
            return new ConsistencyReport(branch, List.of(), Duration.ZERO);
        }
    };

    @Test
    void opens_after_the_threshold_fails_fast_while_open_and_closes_after_a_successful_trial() throws InterruptedException {
        BreakingStoryGraph graph = new BreakingStoryGraph(server, new BreakerSettings(3, Duration.ofMillis(300)));
        down.set(true);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> graph.validate(BRANCH)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(graph.state()).isEqualTo("OPEN");

        assertThatThrownBy(() -> graph.validate(BRANCH)).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(calls).as("an open breaker does not call the server").hasValue(3);

        down.set(false);
        // the breaker lets a trial call through once its delay (300 ms) has passed
        await().atMost(Duration.ofSeconds(5)).ignoreExceptionsInstanceOf(CircuitBreakerOpenException.class)
                .untilAsserted(() -> assertThat(graph.validate(BRANCH).clean()).isTrue());
        assertThat(graph.state()).isEqualTo("CLOSED");
    }

    @Test
    void refused_input_does_not_open_the_breaker() {
        BreakingStoryGraph graph = new BreakingStoryGraph(server, new BreakerSettings(2, Duration.ofSeconds(10)));
        badInput.set(true);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> graph.validate(BRANCH)).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(graph.state()).isEqualTo("CLOSED");
    }
}
