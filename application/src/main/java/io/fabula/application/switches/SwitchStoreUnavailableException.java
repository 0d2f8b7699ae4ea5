package io.fabula.application.switches;

/** The switch store (PostgreSQL) could not be reached: a change cannot be recorded now (503, retry later). */
public final class SwitchStoreUnavailableException extends RuntimeException {
    public SwitchStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
