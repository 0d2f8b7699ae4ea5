package io.fabula.domain.session;

/**
 * The version a command was written against (HTTP {@code If-Match}), for optimistic concurrency.
 * {@link #any()} is for workers recording a result: their task may be older than the writer's
 * latest message, and the stage state machine already rejects a result that no longer fits.
 */
public record ExpectedVersion(long value) {
    private static final long ANY = -1;

    public ExpectedVersion {
        if (value < ANY) {
            throw new IllegalArgumentException("expected version must be 0 or more: " + value);
        }
    }

    public static ExpectedVersion exactly(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("expected version must be 0 or more: " + version);
        }
        return new ExpectedVersion(version);
    }

    public static ExpectedVersion any() {
        return new ExpectedVersion(ANY);
    }

    public boolean isAny() {
        return value == ANY;
    }

    public boolean matches(long currentVersion) {
        return isAny() || value == currentVersion;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : Long.toString(value);
    }
}
