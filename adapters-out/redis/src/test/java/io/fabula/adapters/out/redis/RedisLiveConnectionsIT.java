package io.fabula.adapters.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.live.LiveConnections.Admission;
import io.fabula.domain.id.UserId;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import static org.awaitility.Awaitility.await;

@WithInfra(Server.REDIS)
class RedisLiveConnectionsIT {
    private final UserId writer = new UserId(UUID.randomUUID());
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private JedisPooled redis;
    private RedisLiveSignals signals;
    private RedisLiveConnections connections;

    @BeforeEach
    void connect(Endpoints.Redis endpoint) {
        redis = new JedisPooled(endpoint.host(), endpoint.port());
        signals = new RedisLiveSignals(redis, Duration.ofSeconds(1));
        connections = new RedisLiveConnections(redis, signals, Duration.ofSeconds(45), clock);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void the_third_connection_of_a_writer_is_refused() {
        assertThat(connections.admit(writer, "c1", Optional.empty(), 2)).isEqualTo(new Admission.Admitted(List.of()));
        assertThat(connections.admit(writer, "c2", Optional.empty(), 2)).isEqualTo(new Admission.Admitted(List.of()));

        assertThat(connections.wouldAdmit(writer, Optional.empty(), 2)).isFalse();
        assertThat(connections.admit(writer, "c3", Optional.empty(), 2)).isEqualTo(new Admission.Refused(2));
    }

    @Test
    void a_released_connection_makes_room() {
        connections.admit(writer, "c1", Optional.empty(), 2);
        connections.admit(writer, "c2", Optional.empty(), 2);
        connections.release(writer, "c1");

        assertThat(connections.admit(writer, "c3", Optional.empty(), 2)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void a_tab_replaces_its_own_older_connection_even_at_the_limit_and_its_holder_is_told() throws Exception {
        RedisLiveSignalsIT.Recorder recorder = new RedisLiveSignalsIT.Recorder();
        List<String> closeRequests = recorder.closeRequests;
        try (AutoCloseable listening = signals.listen(recorder)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.subscribed > 0);
            connections.admit(writer, "c1", Optional.of("tab-a"), 2);
            connections.admit(writer, "c2", Optional.of("tab-b"), 2);

            assertThat(connections.wouldAdmit(writer, Optional.of("tab-a"), 2)).isTrue();
            assertThat(connections.admit(writer, "c3", Optional.of("tab-a"), 2))
                    .isEqualTo(new Admission.Admitted(List.of("c1")));
            assertThat(connections.admit(writer, "c4", Optional.of("tab-c"), 2)).isEqualTo(new Admission.Refused(2));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closeRequests).containsExactly("c1"));
        }
    }

    @Test
    void connections_of_an_instance_that_stopped_renewing_stop_counting_after_their_lease() {
        connections.admit(writer, "c1", Optional.empty(), 2);
        connections.admit(writer, "c2", Optional.empty(), 2);
        now.set(now.get().plusSeconds(30));
        connections.renew(Map.of(writer, List.of("c2")));
        now.set(now.get().plusSeconds(20));

        assertThat(connections.admit(writer, "c3", Optional.empty(), 2)).isInstanceOf(Admission.Admitted.class);
        assertThat(connections.admit(writer, "c4", Optional.empty(), 2)).isEqualTo(new Admission.Refused(2));
    }
}
