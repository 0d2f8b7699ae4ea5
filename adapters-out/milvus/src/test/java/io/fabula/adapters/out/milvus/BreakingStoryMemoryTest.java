package io.fabula.adapters.out.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.CircuitBreakerOpenException;
import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.Passage;
import io.fabula.application.memory.Recollection;
import io.fabula.application.memory.StoryMemory;
import io.fabula.application.resilience.BreakerSettings;
import io.fabula.application.story.StoryBranch;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BreakingStoryMemoryTest {
    private static final StoryBranch BRANCH = new StoryBranch(NovelId.of("01956a1e-0000-7000-8000-0000000000cc"),
            SessionId.of("01956a1e-0000-7000-8000-000000000001"));

    @Test
    void a_memory_that_keeps_failing_is_not_called_until_the_breaker_lets_a_trial_through() throws InterruptedException {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        StoryMemory server = new StoryMemory() {
            @Override
            public void upsert(List<Passage> passages) {
            }

            @Override
            public List<Recollection> search(MemoryQuery query) {
                calls.incrementAndGet();
                if (down.get()) {
                    throw new IllegalStateException("UNAVAILABLE");
                }
                return List.of();
            }

            @Override
            public void clear() {
            }
        };
        BreakingStoryMemory memory = new BreakingStoryMemory(server, new BreakerSettings(2, Duration.ofMillis(300)));
        MemoryQuery query = MemoryQuery.inBranch("the map", BRANCH, 5);

        assertThatThrownBy(() -> memory.search(query)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> memory.search(query)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> memory.search(query)).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(calls).hasValue(2);

        down.set(false);
        // the breaker lets a trial call through once its delay (300 ms) has passed
        await().atMost(Duration.ofSeconds(5)).ignoreExceptionsInstanceOf(CircuitBreakerOpenException.class)
                .untilAsserted(() -> assertThat(memory.search(query)).isEmpty());
        assertThat(memory.state()).isEqualTo("CLOSED");
    }
}
