package io.fabula.adapters.out.postgres;

import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import java.time.Duration;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks PostgreSQL with {@code select 1} through the application's own pool, so it also notices an
 * exhausted or broken pool. Bounded by the pool's connection wait and the driver's connect timeout
 * (configured where the pool is built) and by a statement timeout here.
 */
public final class PostgresProbe implements DependencyProbe {
    private final Jdbi jdbi;
    private final int queryTimeoutSeconds;

    public PostgresProbe(Jdbi jdbi, Duration queryTimeout) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.queryTimeoutSeconds = (int) Math.max(1, queryTimeout.toSeconds());
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public ProbeResult check() {
        return ProbeResult.measure(() -> {
            int one = jdbi.withHandle(handle -> handle.createQuery("select 1")
                    .setQueryTimeout(queryTimeoutSeconds)
                    .mapTo(Integer.class)
                    .one());
            if (one != 1) {
                throw new IllegalStateException("select 1 answered " + one);
            }
            return "select 1 answered";
        });
    }
}
