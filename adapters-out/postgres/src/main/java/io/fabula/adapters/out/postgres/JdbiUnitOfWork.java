package io.fabula.adapters.out.postgres;

import io.fabula.application.port.out.UnitOfWork;
import io.fabula.codec.EventEnvelopeCodec;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A {@link UnitOfWork} as one PostgreSQL transaction on one pooled connection. READ COMMITTED is
 * enough: every race the command path has is settled by a row lock or a unique index (the session's
 * version check, {@code (aggregate_id, sequence)}, the inbox key and its pending-type index), each
 * of which makes the later transaction wait for the earlier one and then fail or see its commit.
 */
public final class JdbiUnitOfWork implements UnitOfWork {
    private final Jdbi jdbi;
    private final EventEnvelopeCodec codec;

    public JdbiUnitOfWork(Jdbi jdbi, EventEnvelopeCodec codec) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public <T> T transact(Work<T> work) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED,
                handle -> work.run(new JdbiSessionStores(handle, codec)));
    }
}
