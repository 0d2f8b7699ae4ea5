package io.fabula.adapters.out.postgres;

import io.fabula.application.port.out.UnitOfWork;
import io.fabula.codec.EventEnvelopeCodec;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link UnitOfWork} as one PostgreSQL transaction on one pooled connection. READ COMMITTED is
 * enough: every race the command path has is settled by a row lock or a unique index (the session's
 * version check, {@code (aggregate_id, sequence)}, the inbox key and its pending-type index), each
 * of which makes the later transaction wait for the earlier one and then fail or see its commit.
 *
 * <p>READ COMMITTED is PostgreSQL's default, so the transaction does not ask for it: asking makes the
 * driver read the level before and after every transaction ({@code SHOW TRANSACTION ISOLATION LEVEL}),
 * two more round trips per command, which the ingest benchmark showed to matter on a busy machine.
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
        return jdbi.inTransaction(handle -> work.run(new JdbiSessionStores(handle, codec)));
    }
}
