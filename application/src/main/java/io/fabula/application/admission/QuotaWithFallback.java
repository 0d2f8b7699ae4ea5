package io.fabula.application.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared quota while it answers, the in-process one while it does not (SPEC §8: Redis down → rate
 * limit falls back to in-process). After a failure the shared quota is left alone for {@code pause}, so
 * a dead Redis costs one timeout per pause, not one per request.
 */
public final class QuotaWithFallback implements RequestQuota {
    private final RequestQuota shared;
    private final RequestQuota local;
    private final Duration pause;
    private final Clock clock;
    private final AtomicLong sharedUsableFrom = new AtomicLong(Long.MIN_VALUE);

    public QuotaWithFallback(RequestQuota shared, RequestQuota local, Duration pause, Clock clock) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public QuotaDecision take(String subject) {
        if (clock.millis() >= sharedUsableFrom.get()) {
            try {
                return shared.take(subject);
            } catch (QuotaUnavailable e) {
                sharedUsableFrom.set(clock.millis() + pause.toMillis());
            }
        }
        return local.take(subject);
    }

    /** Whether requests are being counted in-process right now (for health and metrics). */
    public boolean fallingBack() {
        return clock.millis() < sharedUsableFrom.get();
    }
}
