package io.fabula.adapters.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabula.domain.id.UserId;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

@WithInfra(Server.REDIS)
class RedisLiveTicketsIT {
    private final UserId writer = new UserId(UUID.randomUUID());

    @Test
    void a_ticket_is_redeemed_once(Endpoints.Redis endpoint) {
        try (JedisPooled redis = new JedisPooled(endpoint.host(), endpoint.port())) {
            RedisLiveTickets tickets = new RedisLiveTickets(redis, Duration.ofSeconds(60));
            String ticket = tickets.issue(writer);

            assertThat(tickets.peek(ticket)).contains(writer);
            assertThat(tickets.redeem(ticket)).contains(writer);
            assertThat(tickets.redeem(ticket)).isEmpty();
            assertThat(tickets.peek(ticket)).isEmpty();
        }
    }

    @Test
    void a_ticket_expires_after_its_lifetime(Endpoints.Redis endpoint) {
        try (JedisPooled redis = new JedisPooled(endpoint.host(), endpoint.port())) {
            RedisLiveTickets tickets = new RedisLiveTickets(redis, Duration.ofMillis(300));
            String ticket = tickets.issue(writer);

            await().atMost(Duration.ofSeconds(3)).until(() -> tickets.peek(ticket).isEmpty());
            assertThat(tickets.redeem(ticket)).isEmpty();
        }
    }

    @Test
    void tickets_are_unguessable_and_unknown_ones_open_nothing(Endpoints.Redis endpoint) {
        try (JedisPooled redis = new JedisPooled(endpoint.host(), endpoint.port())) {
            RedisLiveTickets tickets = new RedisLiveTickets(redis, Duration.ofSeconds(60));

            assertThat(tickets.issue(writer)).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(tickets.issue(writer));
            assertThat(tickets.redeem("not-a-ticket")).isEmpty();
            assertThat(tickets.redeem("")).isEmpty();
            assertThat(tickets.redeem("x".repeat(500))).isEmpty();
        }
    }
}
