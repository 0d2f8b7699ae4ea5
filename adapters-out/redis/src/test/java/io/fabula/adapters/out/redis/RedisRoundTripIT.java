package io.fabula.adapters.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

@WithInfra(Server.REDIS)
class RedisRoundTripIT {

    @Test
    void entries_added_to_a_bounded_stream_are_read_back_after_a_given_id(Endpoints.Redis redis) {
        try (JedisPooled jedis = new JedisPooled(redis.host(), redis.port())) {
            String stream = "sse:user:round-trip";
            jedis.del(stream);
            XAddParams bounded = XAddParams.xAddParams().maxLen(1000).approximateTrimming();
            StreamEntryID first = jedis.xadd(stream, bounded, Map.of("type", "Genesis.Session.Started"));
            jedis.xadd(stream, bounded, Map.of("type", "Genesis.Session.ConceptProposed"));

            List<Map.Entry<String, List<StreamEntry>>> afterFirst =
                    jedis.xread(XReadParams.xReadParams().count(10), Map.of(stream, first));

            assertThat(afterFirst).hasSize(1);
            assertThat(afterFirst.get(0).getValue())
                    .extracting(entry -> entry.getFields().get("type"))
                    .containsExactly("Genesis.Session.ConceptProposed");
            assertThat(jedis.info("server")).contains("redis_version:7");
        }
    }
}
