package io.fabula.adapters.out.neo4j;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.fabula.application.resilience.BreakerSettings;
import io.fabula.application.story.ConsistencyReport;
import io.fabula.application.story.StoryBranch;
import io.fabula.application.story.StoryGraph;
import io.fabula.domain.event.DomainEvent;
import java.util.Objects;

/**
 * A {@link StoryGraph} behind a circuit breaker: after {@code failureThreshold} failures in a row, calls fail
 * at once with {@code CircuitBreakerOpenException} for {@code openFor}, then one trial call decides whether it
 * closes again. Refused input ({@link IllegalArgumentException}: malformed content) says nothing about the
 * server's health and does not count.
 */
public final class BreakingStoryGraph implements StoryGraph {
    private final StoryGraph delegate;
    private final CircuitBreaker<Object> breaker;
    private final FailsafeExecutor<Object> guarded;

    public BreakingStoryGraph(StoryGraph delegate, BreakerSettings settings) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.breaker = CircuitBreaker.builder()
                .handleIf(failure -> !(failure instanceof IllegalArgumentException))
                .withFailureThreshold(settings.failureThreshold())
                .withDelay(settings.openFor())
                .withSuccessThreshold(1)
                .build();
        this.guarded = Failsafe.with(breaker);
    }

    @Override
    public void project(DomainEvent event) {
        guarded.run(() -> delegate.project(event));
    }

    @Override
    public ConsistencyReport validate(StoryBranch branch) {
        return (ConsistencyReport) guarded.get(() -> delegate.validate(branch));
    }

    /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}, for {@code /admin/health} and metrics. */
    public String state() {
        return breaker.getState().name();
    }
}
