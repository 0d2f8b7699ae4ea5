package io.fabula.adapters.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.live.LiveEntry;
import io.fabula.application.live.LiveHistory;
import io.fabula.application.live.LiveMessage;
import io.fabula.application.live.StreamPosition;
import io.fabula.domain.id.UserId;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

@WithInfra(Server.REDIS)
class RedisLiveFeedIT {
    private final UserId writer = new UserId(UUID.randomUUID());
    private JedisPooled redis;
    private RedisLiveFeed feed;

    @BeforeEach
    void connect(Endpoints.Redis endpoint) {
        redis = new JedisPooled(endpoint.host(), endpoint.port());
        feed = new RedisLiveFeed(redis, new RedisLiveSettings(1000, Duration.ofDays(1), Duration.ofDays(1),
                Duration.ofSeconds(60), Duration.ofSeconds(45), 1000, Duration.ofHours(1)));
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void a_message_published_twice_under_one_id_is_kept_once() {
        feed.publish(writer, message(1));
        feed.publish(writer, message(1));
        feed.publish(writer, message(2));

        assertThat(feed.after(writer, StreamPosition.ORIGIN, 10)).extracting(LiveEntry::message)
                .containsExactly(message(1), message(2));
    }

    @Test
    void reads_after_a_position_exclusively_and_in_order() {
        publish(1, 5);
        List<LiveEntry> all = feed.after(writer, StreamPosition.ORIGIN, 10);

        assertThat(feed.after(writer, all.get(1).position(), 2)).extracting(entry -> entry.message().id())
                .containsExactly("m3", "m4");
        assertThat(feed.latest(writer, 2)).extracting(entry -> entry.message().id()).containsExactly("m4", "m5");
    }

    @Test
    void the_history_keeps_about_its_maximum_length() {
        RedisLiveFeed small = new RedisLiveFeed(redis, new RedisLiveSettings(10, Duration.ofDays(1), Duration.ofDays(1),
                Duration.ofSeconds(60), Duration.ofSeconds(45), 10, Duration.ofHours(1)));
        IntStream.rangeClosed(1, 500).forEach(i -> small.publish(writer, message(i)));

        long length = redis.xlen(LiveKeys.history(writer));
        assertThat(length).isLessThan(500).isGreaterThanOrEqualTo(10);
        assertThat(small.latest(writer, 1)).extracting(entry -> entry.message().id()).containsExactly("m500");
    }

    @Test
    void a_new_connection_reads_from_before_the_newest_messages() {
        assertThat(feed.beforeLatest(writer, 50)).isEqualTo(StreamPosition.ORIGIN);
        publish(1, 80);

        StreamPosition from = feed.beforeLatest(writer, 50);

        assertThat(feed.after(writer, from, 100)).hasSize(50).first()
                .extracting(entry -> entry.message().id()).isEqualTo("m31");
    }

    @Test
    void a_reconnect_that_missed_no_more_than_the_maximum_reads_from_where_it_stopped() {
        publish(1, 100);
        StreamPosition seen = feed.after(writer, StreamPosition.ORIGIN, 10).get(9).position();

        LiveHistory.Backfill backfill = feed.backfill(writer, seen, 500);

        assertThat(backfill).isEqualTo(new LiveHistory.Backfill(seen, false));
    }

    @Test
    void a_reconnect_that_missed_more_than_the_maximum_gets_the_newest_and_is_told_of_the_gap() {
        publish(1, 600);
        StreamPosition seen = feed.after(writer, StreamPosition.ORIGIN, 1).get(0).position();

        LiveHistory.Backfill backfill = feed.backfill(writer, seen, 500);

        assertThat(backfill.gap()).isTrue();
        List<LiveEntry> next = feed.after(writer, backfill.from(), 1000);
        assertThat(next).hasSize(500).first().extracting(entry -> entry.message().id()).isEqualTo("m101");
    }

    @Test
    void a_reconnect_whose_last_message_was_trimmed_away_is_told_of_the_gap() {
        publish(1, 3);
        StreamPosition seen = feed.after(writer, StreamPosition.ORIGIN, 1).get(0).position();
        redis.xtrim(LiveKeys.history(writer), 2, false);

        LiveHistory.Backfill backfill = feed.backfill(writer, seen, 500);

        assertThat(backfill).isEqualTo(new LiveHistory.Backfill(StreamPosition.ORIGIN, true));
    }

    @Test
    void a_reconnect_that_missed_nothing_reads_on_from_where_it_is() {
        publish(1, 3);
        StreamPosition newest = feed.latest(writer, 1).get(0).position();

        assertThat(feed.backfill(writer, newest, 500)).isEqualTo(new LiveHistory.Backfill(newest, false));
    }

    private void publish(int from, int to) {
        IntStream.rangeClosed(from, to).forEach(i -> feed.publish(writer, message(i)));
    }

    private static LiveMessage message(int i) {
        return new LiveMessage("m" + i, "Genesis.Session.Theme.Proposed", "{\"n\":" + i + "}");
    }
}
