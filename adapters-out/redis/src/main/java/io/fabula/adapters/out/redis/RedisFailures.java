package io.fabula.adapters.out.redis;

import io.fabula.application.live.LiveUnavailable;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisException;

/** Turns Jedis' exceptions (connection refused, timeout, pool exhausted, errors) into the port's failure. */
final class RedisFailures {
    private RedisFailures() {
    }

    static <T> T live(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (JedisException e) {
            throw new LiveUnavailable("Redis cannot " + what + ": " + e.getMessage(), e);
        }
    }

    static void live(String what, Runnable call) {
        live(what, () -> {
            call.run();
            return null;
        });
    }
}
