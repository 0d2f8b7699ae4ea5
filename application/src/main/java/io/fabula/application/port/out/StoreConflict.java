package io.fabula.application.port.out;

import java.util.Objects;

/**
 * A write lost a race with another transaction. Thrown by the stores, it rolls the whole
 * {@link UnitOfWork} back; the use case turns it into a Conflict failure (or, for a taken
 * idempotency key, into the replay of the winner's result). Not a bug and not Transient: retrying
 * the same write can never succeed, only re-deciding on fresh state can.
 */
public final class StoreConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** the session moved past the version the command was decided on */
        STALE_VERSION,
        /** a session with this id exists already */
        SESSION_EXISTS,
        /** another command with the same idempotency key was recorded first */
        IDEMPOTENCY_KEY_TAKEN,
        /** a command of the same type is still pending on the same session */
        COMMAND_PENDING
    }

    private final Reason reason;
    private final long currentVersion;

    /** @param currentVersion the session's version as the store saw it, 0 when unknown or not applicable */
    public StoreConflict(Reason reason, long currentVersion, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.currentVersion = currentVersion;
    }

    public Reason reason() {
        return reason;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
