package io.fabula.adapters.out.redis;

import io.fabula.application.health.DependencyProbe;
import io.fabula.application.health.ProbeResult;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Checks Redis with {@code PING} through the application's pool. Bounded by the pool's connect and
 * socket timeouts and its maximum wait for a connection (configured where the pool is built).
 */
public final class RedisProbe implements DependencyProbe {
    private final UnifiedJedis redis;

    public RedisProbe(UnifiedJedis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public ProbeResult check() {
        return ProbeResult.measure(() -> {
            String pong = redis.ping();
            if (!"PONG".equals(pong)) {
                throw new IllegalStateException("PING answered " + pong);
            }
            return "PING answered PONG";
        });
    }
}
