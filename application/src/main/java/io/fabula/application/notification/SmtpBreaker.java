package io.fabula.application.notification;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts consecutive SMTP failures (SPEC §8: more than 3 in a row switch {@code EMAIL_ENABLED} off). Only transient
 * failures count — the server was unreachable, timed out, deferred or refused our credentials; a mail the server
 * accepted ends the streak; a mail refused for good (a bad address) neither counts nor ends it, since it says nothing
 * about an outage. The streak is per process; the switch it trips is shared by every process. Thread-safe.
 */
public final class SmtpBreaker {

    private final int threshold;
    private final AtomicInteger streak = new AtomicInteger();

    /** @param threshold consecutive failures tolerated: the one after them trips ({@code 3} in SPEC §8) */
    public SmtpBreaker(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the threshold must be at least 1: " + threshold);
        }
        this.threshold = threshold;
    }

    /** The server answered: the streak ends. */
    public void answered() {
        streak.set(0);
    }

    /**
     * One more transient failure.
     *
     * @return true when the streak is now above the threshold: the caller trips {@code EMAIL_ENABLED}. Every further
     *         failure answers true as well (tripping an off switch is a no-op), until the server answers once.
     */
    public boolean failed() {
        return streak.incrementAndGet() > threshold;
    }

    /** The current streak of consecutive failures (the {@code notifications.smtp.failure_streak} gauge). */
    public int streak() {
        return streak.get();
    }

    public int threshold() {
        return threshold;
    }
}
