package io.fabula.app;

import com.codahale.metrics.health.HealthCheck;
import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Dropwizard health check (admin port, {@code /healthcheck}) answered by a {@link DependencyProbe}.
 *
 * <p>Two guarantees on top of the probe's own timeouts:
 * <ul>
 *   <li>a hard deadline: past it the check is unhealthy, even if a client library ignores its timeout;</li>
 *   <li>single flight: while a probe is still running, further checks wait for that same run instead of
 *       starting another, so a hanging dependency cannot pile up threads.</li>
 * </ul>
 * Changes between healthy and unhealthy are logged once each, not on every check.
 */
final class DependencyHealthCheck extends HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DependencyHealthCheck.class);

    private final DependencyProbe probe;
    private final Executor executor;
    private final Duration deadline;
    private CompletableFuture<ProbeResult> inFlight = CompletableFuture.completedFuture(null);
    private Boolean lastHealthy;

    DependencyHealthCheck(DependencyProbe probe, Executor executor, Duration deadline) {
        this.probe = probe;
        this.executor = executor;
        this.deadline = deadline;
    }

    @Override
    protected Result check() {
        Result result;
        try {
            result = toResult(currentRun().get(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            result = Result.builder().unhealthy()
                    .withMessage("no answer within " + deadline.toMillis() + " ms")
                    .withDetail("deadlineMs", deadline.toMillis())
                    .build();
        } catch (RejectedExecutionException e) {
            result = Result.unhealthy("cannot run the " + probe.name() + " check now: " + e.getMessage());
        } catch (ExecutionException e) {
            // a probe is total by contract; this is a bug in the probe, reported rather than hidden
            result = Result.unhealthy(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = Result.unhealthy("interrupted while checking " + probe.name());
        }
        logChange(result);
        return result;
    }

    private synchronized CompletableFuture<ProbeResult> currentRun() {
        if (inFlight.isDone()) {
            inFlight = CompletableFuture.supplyAsync(probe::check, executor);
        }
        return inFlight;
    }

    private static Result toResult(ProbeResult probed) {
        if (probed instanceof ProbeResult.Healthy healthy) {
            return Result.builder().healthy()
                    .withMessage(healthy.detail())
                    .withDetail("elapsedMs", healthy.elapsed().toMillis())
                    .build();
        }
        ProbeResult.Unhealthy unhealthy = (ProbeResult.Unhealthy) probed;
        return Result.builder().unhealthy()
                .withMessage(unhealthy.reason())
                .withDetail("elapsedMs", unhealthy.elapsed().toMillis())
                .build();
    }

    private synchronized void logChange(Result result) {
        if (lastHealthy != null && lastHealthy == result.isHealthy()) {
            return;
        }
        if (result.isHealthy()) {
            LOG.info("{} is healthy: {}", probe.name(), result.getMessage());
        } else {
            LOG.warn("{} is unhealthy: {}", probe.name(), result.getMessage());
        }
        lastHealthy = result.isHealthy();
    }
}
