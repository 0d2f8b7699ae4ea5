package io.fabula.application.switches;

import io.fabula.domain.failure.Failure;
import io.fabula.domain.failure.FailureKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The automatic trip of SPEC §8: more than {@code threshold} (10) LLM 429/5xx answers within {@code window}
 * (one hour) turn {@code LLM_ENABLED} off, audited with the count as the reason and alerted.
 *
 * <p>The LLM caller (agent worker) reports every failed call: {@code RateLimited} and {@code Transient}
 * (5xx, timeouts, dropped connections) count, other failures do not. The window is per process; every
 * process reports into its own, and a trip in one switches all off through the switch broadcast.
 */
public final class LlmErrorWatch {
    private final Switches switches;
    private final Clock clock;
    private final int threshold;
    private final Duration window;
    private final Consumer<Failure> counted;
    private final Deque<Instant> errors = new ArrayDeque<>();

    /** @param counted told of every counted error (the app increments the {@code llm.errors} metric) */
    public LlmErrorWatch(Switches switches, Clock clock, int threshold, Duration window, Consumer<Failure> counted) {
        this.switches = Objects.requireNonNull(switches, "switches");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.threshold = threshold;
        this.window = Objects.requireNonNull(window, "window");
        this.counted = Objects.requireNonNull(counted, "counted");
    }

    /** Reports a failed LLM call; trips {@code LLM_ENABLED} when this error is one too many for the window. */
    public void report(Failure failure) {
        if (failure.kind() != FailureKind.RATE_LIMITED && failure.kind() != FailureKind.TRANSIENT) {
            return;
        }
        counted.accept(failure);
        int inWindow;
        synchronized (errors) {
            Instant now = clock.instant();
            errors.addLast(now);
            Instant oldest = now.minus(window);
            while (!errors.isEmpty() && errors.peekFirst().isBefore(oldest)) {
                errors.removeFirst();
            }
            inWindow = errors.size();
        }
        if (inWindow > threshold) {
            switches.trip(Switch.LLM_ENABLED, inWindow + " LLM 429/5xx answers within " + window.toMinutes()
                    + " min (more than " + threshold + "); last: " + failure.kind());
        }
    }

    /** Errors counted in the current window. */
    public int errorsInWindow() {
        synchronized (errors) {
            Instant oldest = clock.instant().minus(window);
            return (int) errors.stream().filter(at -> !at.isBefore(oldest)).count();
        }
    }
}
