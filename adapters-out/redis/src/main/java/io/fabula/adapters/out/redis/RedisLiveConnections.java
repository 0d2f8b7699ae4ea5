package io.fabula.adapters.out.redis;

import static io.fabula.adapters.out.redis.RedisFailures.live;

import io.fabula.application.live.LiveConnections;
import io.fabula.domain.id.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * A writer's open connections as a Redis hash, connection id → {@code tab|lease expiry ms}, changed only
 * by scripts, so two instances admitting the same writer's third and fourth connection at once cannot
 * both succeed. Lapsed leases (an instance that died) are swept by every admission.
 */
public final class RedisLiveConnections implements LiveConnections {
    /**
     * KEYS: connections. ARGV: now ms, max, connection id ('' for a dry run), tab ('' for none), lease expiry ms,
     * key ttl s. Returns {admitted 0/1, open, replaced ids...}.
     */
    private static final String ADMIT = """
            local now = tonumber(ARGV[1])
            local all = redis.call('HGETALL', KEYS[1])
            local open = 0
            local replaced = {}
            for i = 1, #all, 2 do
              local value = all[i + 1]
              local bar = string.find(value, '|', 1, true)
              local tab = string.sub(value, 1, bar - 1)
              local expiry = tonumber(string.sub(value, bar + 1))
              if expiry <= now then
                if ARGV[3] ~= '' then redis.call('HDEL', KEYS[1], all[i]) end
              elseif ARGV[4] ~= '' and tab == ARGV[4] then
                table.insert(replaced, all[i])
              else
                open = open + 1
              end
            end
            if open >= tonumber(ARGV[2]) then
              return {0, open}
            end
            if ARGV[3] ~= '' then
              for _, id in ipairs(replaced) do redis.call('HDEL', KEYS[1], id) end
              redis.call('HSET', KEYS[1], ARGV[3], ARGV[4] .. '|' .. ARGV[5])
              redis.call('EXPIRE', KEYS[1], ARGV[6])
            end
            local result = {1, open + 1}
            for _, id in ipairs(replaced) do table.insert(result, id) end
            return result
            """;

    /** KEYS: connections. ARGV: lease expiry ms, key ttl s, connection ids... Renews only connections still present. */
    private static final String RENEW = """
            for i = 3, #ARGV do
              local value = redis.call('HGET', KEYS[1], ARGV[i])
              if value then
                local bar = string.find(value, '|', 1, true)
                redis.call('HSET', KEYS[1], ARGV[i], string.sub(value, 1, bar) .. ARGV[1])
              end
            end
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return 0
            """;

    private final UnifiedJedis redis;
    private final RedisLiveSignals signals;
    private final Duration lease;
    private final Clock clock;

    public RedisLiveConnections(UnifiedJedis redis, RedisLiveSignals signals, Duration lease, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Admission admit(UserId user, String connectionId, Optional<String> tab, int maxPerUser) {
        if (connectionId.isEmpty() || connectionId.contains("|")) {
            throw new IllegalArgumentException("a connection id is not empty and has no '|'");
        }
        List<Object> result = run(user, connectionId, tab, maxPerUser);
        if (((Long) result.get(0)) == 0L) {
            return new Admission.Refused(((Long) result.get(1)).intValue());
        }
        List<String> replaced = new ArrayList<>();
        for (Object id : result.subList(2, result.size())) {
            replaced.add(id instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : id.toString());
        }
        // the replaced connections may live on any instance: each closes its own on this signal
        replaced.forEach(id -> live("signal a replaced connection", () -> signals.requestClose(id)));
        return new Admission.Admitted(replaced);
    }

    @Override
    public boolean wouldAdmit(UserId user, Optional<String> tab, int maxPerUser) {
        return ((Long) run(user, "", tab, maxPerUser).get(0)) == 1L;
    }

    @SuppressWarnings("unchecked")
    private List<Object> run(UserId user, String connectionId, Optional<String> tab, int maxPerUser) {
        long now = clock.millis();
        return (List<Object>) live("count SSE connections", () -> redis.eval(ADMIT, List.of(LiveKeys.connections(user)),
                List.of(String.valueOf(now), String.valueOf(maxPerUser), connectionId, tab.orElse(""),
                        String.valueOf(now + lease.toMillis()), String.valueOf(keyTtlSeconds()))));
    }

    /** One round trip for all the instance's connections. */
    @Override
    public void renew(java.util.Map<UserId, List<String>> connectionsByUser) {
        if (connectionsByUser.isEmpty()) {
            return;
        }
        live("renew SSE connection leases", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                String expiry = String.valueOf(clock.millis() + lease.toMillis());
                String ttl = String.valueOf(keyTtlSeconds());
                connectionsByUser.forEach((user, ids) -> {
                    List<String> args = new ArrayList<>(List.of(expiry, ttl));
                    args.addAll(ids);
                    pipeline.eval(RENEW, List.of(LiveKeys.connections(user)), args);
                });
                pipeline.sync();
            }
        });
    }

    @Override
    public void release(UserId user, String connectionId) {
        live("release an SSE connection", () -> redis.hdel(LiveKeys.connections(user), connectionId));
    }

    private long keyTtlSeconds() {
        return Math.max(1, lease.toSeconds() * 2);
    }
}
