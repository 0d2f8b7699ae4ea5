package io.fabula.adapters.in.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabula.adapters.out.redis.RedisLiveConnections;
import io.fabula.adapters.out.redis.RedisLiveFeed;
import io.fabula.adapters.out.redis.RedisLiveSettings;
import io.fabula.adapters.out.redis.RedisLiveSignals;
import io.fabula.application.live.LiveMessage;
import io.fabula.domain.id.UserId;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The hub's rules about slow and vanished clients, with a controllable clock and sinks that misbehave. */
@WithInfra(Server.REDIS)
class LiveHubIT {
    private final UserId writer = new UserId(UUID.randomUUID());
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ExecutorService dispatch = Executors.newFixedThreadPool(2);
    private JedisPooled redis;
    private RedisLiveFeed feed;
    private LiveHub hub;

    @BeforeEach
    void start(Endpoints.Redis endpoint) {
        redis = new JedisPooled(endpoint.host(), endpoint.port());
        feed = new RedisLiveFeed(redis, RedisLiveSettings.defaults());
        RedisLiveConnections connections = new RedisLiveConnections(redis, new RedisLiveSignals(redis, Duration.ofSeconds(1)),
                Duration.ofSeconds(45), Clock.systemUTC());
        hub = new LiveHub(feed, connections, SseSettings.defaults(), dispatch, nanos::get);
    }

    @AfterEach
    void stop() {
        hub.closeAll("test over");
        dispatch.shutdownNow();
        redis.close();
    }

    @Test
    void a_stream_whose_frame_is_not_written_within_the_send_timeout_is_closed_and_stops_counting() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        BlockingSink stuck = new BlockingSink(released);
        hub.open(writer, Optional.empty(), Optional.empty(), stuck);
        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.blocked);

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        hub.tick();
        assertThat(hub.size()).isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        hub.tick();

        assertThat(hub.size()).isZero();
        assertThat(stuck.closed).isTrue();
        assertThat(hub.wouldAdmit(writer, Optional.empty())).isTrue();
        released.countDown();
    }

    @Test
    void a_stream_whose_client_went_away_is_forgotten_at_its_next_frame() {
        RecordingSink gone = new RecordingSink(true);
        hub.open(writer, Optional.empty(), Optional.empty(), gone);

        await().atMost(Duration.ofSeconds(5)).until(() -> hub.size() == 0);
        assertThat(gone.closed).isTrue();
    }

    @Test
    void a_tick_pings_every_open_stream() {
        RecordingSink sink = new RecordingSink(false);
        hub.open(writer, Optional.empty(), Optional.empty(), sink);

        hub.tick();
        hub.tick();

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.frames.stream().filter(f -> "ping".equals(f.comment())).count() == 2);
    }

    @Test
    void many_wake_ups_deliver_each_message_once() {
        RecordingSink sink = new RecordingSink(false);
        hub.open(writer, Optional.empty(), Optional.empty(), sink);
        for (int i = 1; i <= 30; i++) {
            feed.publish(writer, new LiveMessage("m" + i, "Genesis.Session.Started", "{}"));
            hub.published(writer);
            hub.published(writer);
        }
        hub.resubscribed();

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.events().size() == 30);
        assertThat(sink.events()).extracting(Frame::id).doesNotHaveDuplicates();
    }

    @Test
    void the_first_frame_is_a_connected_comment_so_the_browser_sees_the_stream_open() {
        RecordingSink sink = new RecordingSink(false);
        hub.open(writer, Optional.empty(), Optional.empty(), sink);

        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.frames.isEmpty());
        assertThat(sink.frames.get(0)).isEqualTo(Frame.comment("connected"));
    }

    static final class RecordingSink implements FrameSink {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final boolean failing;
        volatile boolean closed;

        RecordingSink(boolean failing) {
            this.failing = failing;
        }

        @Override
        public void send(Frame frame) throws Exception {
            if (failing) {
                throw new java.io.IOException("broken pipe");
            }
            frames.add(frame);
        }

        List<Frame> events() {
            return frames.stream().filter(frame -> !frame.isComment()).toList();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class BlockingSink implements FrameSink {
        private final CountDownLatch released;
        volatile boolean blocked;
        volatile boolean closed;

        BlockingSink(CountDownLatch released) {
            this.released = released;
        }

        @Override
        public void send(Frame frame) throws Exception {
            blocked = true;
            released.await(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
