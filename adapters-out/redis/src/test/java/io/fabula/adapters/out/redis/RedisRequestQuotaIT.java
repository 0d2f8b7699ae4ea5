package io.fabula.adapters.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.admission.QuotaDecision;
import io.fabula.application.admission.QuotaSettings;
import io.fabula.application.admission.QuotaUnavailable;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

@WithInfra(Server.REDIS)
class RedisRequestQuotaIT {

    @Test
    void the_sixty_first_request_of_a_window_is_refused_with_the_rest_of_the_window_to_wait(Endpoints.Redis endpoint) {
        try (JedisPooled redis = new JedisPooled(endpoint.host(), endpoint.port())) {
            RedisRequestQuota quota = new RedisRequestQuota(redis, new QuotaSettings(60, Duration.ofSeconds(60)));
            String writer = "user:" + UUID.randomUUID();
            for (int i = 1; i <= 60; i++) {
                assertThat(quota.take(writer)).isEqualTo(new QuotaDecision.Allowed(60, 60 - i));
            }

            QuotaDecision sixtyFirst = quota.take(writer);

            assertThat(sixtyFirst).isInstanceOf(QuotaDecision.Exhausted.class);
            assertThat(((QuotaDecision.Exhausted) sixtyFirst).retryAfterSeconds()).isBetween(55L, 60L);
            assertThat(quota.take("user:" + UUID.randomUUID())).isInstanceOf(QuotaDecision.Allowed.class);
        }
    }

    @Test
    void two_instances_share_one_count(Endpoints.Redis endpoint) {
        try (JedisPooled a = new JedisPooled(endpoint.host(), endpoint.port());
             JedisPooled b = new JedisPooled(endpoint.host(), endpoint.port())) {
            QuotaSettings settings = new QuotaSettings(3, Duration.ofSeconds(60));
            String writer = "user:" + UUID.randomUUID();
            new RedisRequestQuota(a, settings).take(writer);
            new RedisRequestQuota(b, settings).take(writer);
            new RedisRequestQuota(a, settings).take(writer);

            assertThat(new RedisRequestQuota(b, settings).take(writer)).isInstanceOf(QuotaDecision.Exhausted.class);
        }
    }

    @Test
    void an_unreachable_redis_is_reported_as_unavailable_for_the_fallback_to_take_over() {
        try (JedisPooled nowhere = new JedisPooled("127.0.0.1", 1)) {
            RedisRequestQuota quota = new RedisRequestQuota(nowhere, new QuotaSettings(60, Duration.ofSeconds(60)));

            assertThatThrownBy(() -> quota.take("user:a")).isInstanceOf(QuotaUnavailable.class);
        }
    }
}
