package io.fabula.application.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed windows counted in this process only: the fallback while Redis is down. With N instances a writer
 * may then get up to N times the quota; that is the accepted price of staying up (SPEC §8).
 * Windows that ended are dropped as they are met, and all of them when too many pile up.
 */
public final class InProcessQuota implements RequestQuota {
    private static final int MAX_SUBJECTS = 100_000;

    private final QuotaSettings settings;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public InProcessQuota(QuotaSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public QuotaDecision take(String subject) {
        long now = clock.millis();
        if (windows.size() > MAX_SUBJECTS) {
            windows.values().removeIf(window -> window.endsAt <= now);
        }
        Window window = windows.compute(subject, (key, current) ->
                current == null || current.endsAt <= now
                        ? new Window(now + settings.window().toMillis(), 1)
                        : new Window(current.endsAt, current.count + 1));
        return QuotaDecision.of(window.count, settings.limit(), Duration.ofMillis(window.endsAt - now));
    }

    private record Window(long endsAt, long count) { }
}
