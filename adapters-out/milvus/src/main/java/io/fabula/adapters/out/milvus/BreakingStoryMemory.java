package io.fabula.adapters.out.milvus;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.fabula.application.memory.MemoryQuery;
import io.fabula.application.memory.Passage;
import io.fabula.application.memory.Recollection;
import io.fabula.application.memory.StoryMemory;
import io.fabula.application.resilience.BreakerSettings;
import java.util.List;
import java.util.Objects;

/**
 * A {@link StoryMemory} behind a circuit breaker: after {@code failureThreshold} failures in a row, calls fail
 * at once with {@code CircuitBreakerOpenException} for {@code openFor}, then one trial call decides whether it
 * closes again. Refused input ({@link IllegalArgumentException}) does not count.
 */
public final class BreakingStoryMemory implements StoryMemory {
    private final StoryMemory delegate;
    private final CircuitBreaker<Object> breaker;
    private final FailsafeExecutor<Object> guarded;

    public BreakingStoryMemory(StoryMemory delegate, BreakerSettings settings) {
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
    public void upsert(List<Passage> passages) {
        guarded.run(() -> delegate.upsert(passages));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Recollection> search(MemoryQuery query) {
        return (List<Recollection>) guarded.get(() -> delegate.search(query));
    }

    @Override
    public void clear() {
        guarded.run(delegate::clear);
    }

    /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}, for {@code /admin/health} and metrics. */
    public String state() {
        return breaker.getState().name();
    }
}
