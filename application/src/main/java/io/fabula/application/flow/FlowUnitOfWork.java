package io.fabula.application.flow;

import io.fabula.application.port.out.ProcessedEvents;

/**
 * One transaction for a consumer's effect and its deduplication record (SPEC §3 step 3: exactly-once in
 * effect). Everything written through the {@link Stores} becomes visible together when the work returns,
 * or not at all when it throws (any exception is rethrown unchanged).
 */
public interface FlowUnitOfWork {

    <T> T transact(Work<T> work);

    @FunctionalInterface
    interface Work<T> {
        T run(Stores stores);
    }

    /** The stores of one flow transaction. */
    interface Stores {
        ProcessedEvents processed();

        FlowOutbox outbox();
    }
}
