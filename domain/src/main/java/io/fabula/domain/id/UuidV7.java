package io.fabula.domain.id;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * UUID version 7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then 74 random bits. Ids created
 * later sort later (to the millisecond), which keeps B-tree indexes on event ids append-mostly.
 * Clock and randomness are injected so tests get the same ids on every run.
 *
 * <p>Thread-safe exactly when its random generator is: share one only over a thread-safe generator
 * ({@link #secure(Clock)}); a shared {@code SplittableRandom} hands out duplicate ids under concurrency.
 */
public final class UuidV7 implements Supplier<UUID> {
    private static final long MAX_MILLIS = (1L << 48) - 1;

    private final Clock clock;
    private final RandomGenerator random;

    public UuidV7(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** The production generator: thread-safe, unpredictable ids. */
    public static UuidV7 secure(Clock clock) {
        return new UuidV7(clock, new SecureRandom());
    }

    @Override
    public UUID get() {
        return of(clock.millis(), random.nextLong(), random.nextLong());
    }

    public EventId nextEventId() {
        return new EventId(get());
    }

    /** Lays out a v7 UUID from a timestamp and two words of randomness (only 74 bits are used). */
    static UUID of(long unixMillis, long randomA, long randomB) {
        if (unixMillis < 0 || unixMillis > MAX_MILLIS) {
            throw new IllegalArgumentException("timestamp out of the 48-bit range: " + unixMillis);
        }
        long msb = (unixMillis << 16) | 0x7000L | (randomA & 0x0FFFL);
        long lsb = (randomB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
