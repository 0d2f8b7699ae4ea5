package io.fabula.application.port.out;

/**
 * One use case, one transaction (SPEC §3 step 1): everything the {@link Work} writes through the
 * {@link SessionStores} it is given becomes visible together when it returns, or not at all when it
 * throws.
 *
 * <p>Failure kinds: a {@link StoreConflict} thrown by a store (or by the work) rolls back and is
 * rethrown for the use case to answer as a Conflict or a replay; any other exception rolls back and
 * is rethrown unchanged (a lost connection or timeout is Transient for the classifier at the edge).
 * Not reentrant: a work must not open another unit of work.
 */
public interface UnitOfWork {

    <T> T transact(Work<T> work);

    /** What runs inside the transaction; the stores are valid only until it returns. */
    @FunctionalInterface
    interface Work<T> {
        T run(SessionStores stores);
    }
}
