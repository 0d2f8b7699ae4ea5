package io.fabula.application.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one {@link DependencyProbe#check()} found: the dependency answered, or why it did not. */
public sealed interface ProbeResult {

    /** How long the round trip took (until the answer, or until the probe gave up). */
    Duration elapsed();

    /** The dependency answered; {@code detail} says what it answered with (version, node count, ...). */
    record Healthy(String detail, Duration elapsed) implements ProbeResult {
        public Healthy {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /**
     * The dependency did not answer as expected.
     *
     * @param reason what went wrong, in words an operator can act on (e.g. "connection refused")
     * @param cause  the exception behind it, if there was one
     */
    record Unhealthy(String reason, Duration elapsed, Optional<Throwable> cause) implements ProbeResult {
        public Unhealthy {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(cause, "cause");
        }
    }

    static ProbeResult healthy(String detail, Duration elapsed) {
        return new Healthy(detail, elapsed);
    }

    static ProbeResult unhealthy(String reason, Duration elapsed) {
        return new Unhealthy(reason, elapsed, Optional.empty());
    }

    static ProbeResult unhealthy(Throwable cause, Duration elapsed) {
        return new Unhealthy(describe(cause), elapsed, Optional.of(cause));
    }

    /**
     * Runs one round trip and turns its outcome into a result: its return value becomes the
     * {@link Healthy} detail, any exception an {@link Unhealthy} with the cause. Never throws.
     */
    static ProbeResult measure(RoundTrip roundTrip) {
        long start = System.nanoTime();
        try {
            String detail = roundTrip.run();
            return healthy(detail == null ? "ok" : detail, Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unhealthy(e, Duration.ofNanos(System.nanoTime() - start));
        } catch (Exception | LinkageError e) {
            return unhealthy(e, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** One request to a dependency, answering with a short description of what it got back. */
    @FunctionalInterface
    interface RoundTrip {
        String run() throws Exception;
    }

    /**
     * The failure in one line: the exception's message, plus the innermost cause's when that says
     * something new (it usually names the real problem, e.g. "Connection refused"). Wrappers that only
     * carry another exception (from futures) are skipped.
     */
    private static String describe(Throwable failure) {
        Throwable outer = failure;
        while (isWrapper(outer)) {
            outer = outer.getCause();
        }
        Throwable root = outer;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String described = oneLine(outer);
        String rootMessage = root.getMessage() == null ? "" : root.getMessage().strip();
        return root == outer || (!rootMessage.isEmpty() && described.contains(rootMessage))
                ? described
                : described + " (cause: " + oneLine(root) + ")";
    }

    private static boolean isWrapper(Throwable t) {
        return t.getCause() != null
                && (t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.lang.reflect.InvocationTargetException);
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message.strip().replaceAll("\\s+", " ");
    }
}
