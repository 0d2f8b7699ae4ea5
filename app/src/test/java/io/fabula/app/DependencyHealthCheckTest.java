package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DependencyHealthCheckTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHangingProbes() {
        release.countDown();
        executor.shutdownNow();
    }

    @Test
    void a_dependency_that_answers_is_healthy_with_what_it_answered() {
        HealthCheck check = checkOf(() -> ProbeResult.healthy("PING answered PONG", Duration.ofMillis(3)));

        HealthCheck.Result result = check.execute();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).isEqualTo("PING answered PONG");
        assertThat(result.getDetails()).containsEntry("elapsedMs", 3L);
    }

    @Test
    void a_dependency_that_fails_is_unhealthy_with_the_reason() {
        HealthCheck check = checkOf(() -> ProbeResult.unhealthy(new ConnectException("Connection refused"), Duration.ZERO));

        HealthCheck.Result result = check.execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void a_probe_that_hangs_is_unhealthy_once_the_deadline_has_passed() {
        HealthCheck check = checkOf(this::hang);

        long start = System.nanoTime();
        HealthCheck.Result result = check.execute();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo("no answer within 300 ms");
        assertThat(took).isGreaterThanOrEqualTo(DEADLINE).isLessThan(DEADLINE.multipliedBy(5));
    }

    @Test
    void checks_during_a_hanging_probe_wait_for_it_instead_of_starting_another() {
        AtomicInteger runs = new AtomicInteger();
        HealthCheck check = checkOf(() -> {
            runs.incrementAndGet();
            return hang();
        });

        check.execute();
        check.execute();
        check.execute();

        assertThat(runs).hasValue(1);
    }

    @Test
    void a_probe_that_breaks_its_contract_by_throwing_is_reported_not_hidden() {
        HealthCheck check = checkOf(() -> {
            throw new IllegalStateException("probe bug");
        });

        HealthCheck.Result result = check.execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo("probe bug");
    }

    private ProbeResult hang() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ProbeResult.healthy("released", Duration.ZERO);
    }

    private HealthCheck checkOf(Supplier<ProbeResult> answer) {
        DependencyProbe probe = new DependencyProbe() {
            @Override
            public String name() {
                return "test-dependency";
            }

            @Override
            public ProbeResult check() {
                return answer.get();
            }
        };
        return new DependencyHealthCheck(probe, executor, DEADLINE);
    }
}
