package io.fabula.adapters.out.redis;

import io.fabula.application.admission.QuotaDecision;
import io.fabula.application.admission.QuotaSettings;
import io.fabula.application.admission.QuotaUnavailable;
import io.fabula.application.admission.RequestQuota;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Fixed windows shared by every instance (SPEC §7: 60 requests / 60 s per writer): one atomic script
 * counts the request and starts the window on its first request, so the 61st request of a window is
 * refused on whichever instance it arrives, and {@code Retry-After} is the rest of the window.
 */
public final class RedisRequestQuota implements RequestQuota {
    /** KEYS: counter. ARGV: window ms. Returns {count, remaining window ms}. */
    private static final String TAKE = """
            local count = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """;

    private final UnifiedJedis redis;
    private final QuotaSettings settings;

    public RedisRequestQuota(UnifiedJedis redis, QuotaSettings settings) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    @SuppressWarnings("unchecked")
    public QuotaDecision take(String subject) {
        try {
            List<Long> result = (List<Long>) redis.eval(TAKE, List.of(LiveKeys.quota(subject)),
                    List.of(String.valueOf(settings.window().toMillis())));
            return QuotaDecision.of(result.get(0), settings.limit(), Duration.ofMillis(result.get(1)));
        } catch (JedisException e) {
            throw new QuotaUnavailable("Redis cannot count requests: " + e.getMessage(), e);
        }
    }
}
