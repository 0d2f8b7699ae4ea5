package io.fabula.adapters.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabula.application.live.LiveMessage;
import io.fabula.application.live.LiveSignals;
import io.fabula.application.live.TokenDelta;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** Two "instances" (two pools, two subscriptions) on one Redis: what one publishes, both hear. */
@WithInfra(Server.REDIS)
class RedisLiveSignalsIT {

    @Test
    void a_message_published_through_one_instance_wakes_every_instance_and_deltas_arrive_whole(Endpoints.Redis endpoint)
            throws Exception {
        UserId writer = new UserId(UUID.randomUUID());
        try (JedisPooled a = new JedisPooled(endpoint.host(), endpoint.port());
             JedisPooled b = new JedisPooled(endpoint.host(), endpoint.port())) {
            Recorder onA = new Recorder();
            Recorder onB = new Recorder();
            try (AutoCloseable listenA = new RedisLiveSignals(a, Duration.ofSeconds(1)).listen(onA);
                 AutoCloseable listenB = new RedisLiveSignals(b, Duration.ofSeconds(1)).listen(onB)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> onA.subscribed > 0 && onB.subscribed > 0);
                RedisLiveFeed feedOnA = new RedisLiveFeed(a, RedisLiveSettings.defaults());

                feedOnA.publish(writer, new LiveMessage("e1", "Genesis.Session.Started", "{}"));
                TokenDelta delta = new TokenDelta(new SessionId(UUID.randomUUID()), writer, Stage.THEME, "writer", "run-1",
                        0, "Once upon \"a\" time\n", false);
                feedOnA.stream(delta);

                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(onB.published).containsExactly(writer);
                    assertThat(onA.published).containsExactly(writer);
                    assertThat(onB.deltas).containsExactly(delta);
                });
                assertThat(a.xlen(LiveKeys.tokens(delta.sessionId()))).isEqualTo(1);
            }
        }
    }

    static final class Recorder implements LiveSignals.Listener {
        final List<UserId> published = new CopyOnWriteArrayList<>();
        final List<TokenDelta> deltas = new CopyOnWriteArrayList<>();
        final List<String> closeRequests = new CopyOnWriteArrayList<>();
        volatile int subscribed;

        @Override
        public void published(UserId user) {
            published.add(user);
        }

        @Override
        public void delta(TokenDelta delta) {
            deltas.add(delta);
        }

        @Override
        public void closeRequested(String connectionId) {
            closeRequests.add(connectionId);
        }

        @Override
        public void resubscribed() {
            subscribed++;
        }
    }
}
