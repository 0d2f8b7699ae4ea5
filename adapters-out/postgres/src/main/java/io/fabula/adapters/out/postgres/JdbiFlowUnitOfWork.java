package io.fabula.adapters.out.postgres;

import io.fabula.application.flow.FlowOutbox;
import io.fabula.application.flow.FlowUnitOfWork;
import io.fabula.application.port.out.ProcessedEvents;
import io.fabula.codec.flow.FlowCodec;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A {@link FlowUnitOfWork} as one PostgreSQL transaction: the consumer's {@code consumer_dedup} row and the
 * {@code event_outbox} rows of its effect commit together, so a redelivered message finds its dedup row and
 * writes nothing (READ COMMITTED is enough: the dedup insert waits for a concurrent one and then sees it).
 */
public final class JdbiFlowUnitOfWork implements FlowUnitOfWork {
    private final Jdbi jdbi;
    private final FlowCodec codec;

    public JdbiFlowUnitOfWork(Jdbi jdbi, FlowCodec codec) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public <T> T transact(Work<T> work) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            JdbiProcessedEvents processed = new JdbiProcessedEvents(handle);
            JdbiFlowOutbox outbox = new JdbiFlowOutbox(handle, codec);
            return work.run(new Stores() {
                @Override
                public ProcessedEvents processed() {
                    return processed;
                }

                @Override
                public FlowOutbox outbox() {
                    return outbox;
                }
            });
        });
    }
}
