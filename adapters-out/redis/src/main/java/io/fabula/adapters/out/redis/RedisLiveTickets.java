package io.fabula.adapters.out.redis;

import static io.fabula.adapters.out.redis.RedisFailures.live;

import io.fabula.application.live.LiveTickets;
import io.fabula.domain.id.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/** Tickets as Redis keys with a TTL, redeemed with {@code GETDEL}: the first redeem wins, any later one finds nothing. */
public final class RedisLiveTickets implements LiveTickets {
    private static final int TICKET_BYTES = 32;

    private final UnifiedJedis redis;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    public RedisLiveTickets(UnifiedJedis redis, Duration ttl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    @Override
    public String issue(UserId user) {
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        live("issue an SSE ticket", () -> redis.set(LiveKeys.ticket(ticket), user.toString(),
                SetParams.setParams().nx().px(ttl.toMillis())));
        return ticket;
    }

    @Override
    public Optional<UserId> peek(String ticket) {
        if (!plausible(ticket)) {
            return Optional.empty();
        }
        return Optional.ofNullable(live("check an SSE ticket", () -> redis.get(LiveKeys.ticket(ticket)))).map(UserId::of);
    }

    private static boolean plausible(String ticket) {
        return ticket != null && !ticket.isEmpty() && ticket.length() <= 100;
    }

    @Override
    public Optional<UserId> redeem(String ticket) {
        if (!plausible(ticket)) {
            return Optional.empty();
        }
        String user = live("redeem an SSE ticket", () -> redis.getDel(LiveKeys.ticket(ticket)));
        return Optional.ofNullable(user).map(UserId::of);
    }
}
