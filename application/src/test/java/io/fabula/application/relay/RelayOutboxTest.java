package io.fabula.application.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.fabula.domain.failure.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayOutboxTest {
    private final InMemoryOutboxQueue queue = new InMemoryOutboxQueue();
    private final RecordingPublisher bus = new RecordingPublisher();
    private final RelayConfig config = new RelayConfig(100, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofSeconds(60), 20_000);
    private final RelayOutbox relay = new RelayOutbox(queue, bus, new Backoff(() -> 0.0), config);

    @Test
    void publishes_due_messages_in_order_and_marks_them_sent() {
        long a1 = queue.add("a");
        long b1 = queue.add("b");
        long a2 = queue.add("a");

        RelayOutbox.Batch batch = relay.handle();

        assertThat(batch).isEqualTo(new RelayOutbox.Batch(3, 3, 0, 0, 0));
        assertThat(bus.publishedIds()).containsExactly(a1, b1, a2);
        assertThat(queue.rows.values()).allMatch(row -> row.status == InMemoryOutboxQueue.Status.SENT);
        assertThat(relay.handle().claimed()).as("nothing is sent twice").isZero();
    }

    @Test
    void claims_no_more_than_the_batch_size_and_says_when_the_batch_was_full() {
        RelayConfig two = new RelayConfig(2, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 20_000);
        RelayOutbox small = new RelayOutbox(queue, bus, new Backoff(() -> 0.0), two);
        for (int i = 0; i < 3; i++) {
            queue.add("s" + i);
        }

        assertThat(small.handle().full(two)).isTrue();
        RelayOutbox.Batch rest = small.handle();
        assertThat(rest.claimed()).isEqualTo(1);
        assertThat(rest.full(two)).isFalse();
    }

    @Test
    void a_failed_message_is_retried_later_with_backoff_and_holds_back_the_rest_of_its_session() {
        long a1 = queue.add("a");
        long a2 = queue.add("a");
        long b1 = queue.add("b");
        bus.refusing.add(a1);

        RelayOutbox.Batch batch = relay.handle();

        assertThat(batch).isEqualTo(new RelayOutbox.Batch(3, 1, 1, 0, 1));
        assertThat(queue.row(a1).retryCount).isEqualTo(1);
        assertThat(queue.row(a1).lastError).isEqualTo("broker unreachable");
        assertThat(queue.row(a1).delay).isEqualTo(Duration.ofMillis(250));
        assertThat(queue.row(a2).status).isEqualTo(InMemoryOutboxQueue.Status.PENDING);
        assertThat(queue.row(a2).retryCount).as("a message put back has not been tried").isZero();
        assertThat(queue.row(b1).status).isEqualTo(InMemoryOutboxQueue.Status.SENT);

        bus.refusing.clear();
        queue.delayedRowsDue = true;
        relay.handle();
        assertThat(bus.publishedIds()).as("a1 reaches the bus before a2, whatever the bus saw of a2 before")
                .containsSubsequence(b1, a1, a2);
        assertThat(queue.pendingCount()).isZero();
    }

    @Test
    void a_message_is_failed_with_its_last_error_after_its_retries_are_used_up_and_its_session_goes_on() {
        long a1 = queue.add("a");
        long a2 = queue.add("a");
        bus.refusing.add(a1);
        queue.delayedRowsDue = true;

        for (int attempt = 0; attempt < 6; attempt++) {
            relay.handle();
        }

        assertThat(queue.row(a1).status).isEqualTo(InMemoryOutboxQueue.Status.FAILED);
        assertThat(queue.row(a1).retryCount).as("first attempt and five retries").isEqualTo(5);
        assertThat(queue.row(a1).lastError).isEqualTo("broker unreachable");
        assertThat(queue.row(a2).status).isEqualTo(InMemoryOutboxQueue.Status.SENT);
    }

    @Test
    void when_the_bus_is_down_every_message_waits_and_nothing_is_lost() {
        for (int i = 0; i < 10; i++) {
            queue.add("s" + (i % 3));
        }
        bus.down = true;
        relay.handle();
        assertThat(queue.pendingCount()).isEqualTo(10);

        bus.down = false;
        queue.delayedRowsDue = true;
        while (relay.handle().claimed() > 0) {
            // drain
        }
        assertThat(bus.publishedIds()).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void an_outage_of_the_bus_longer_than_the_retries_never_gives_a_message_up() {
        long a1 = queue.add("a");
        long a2 = queue.add("a");
        bus.down = true;
        queue.delayedRowsDue = true;

        for (int attempt = 0; attempt < 20; attempt++) {
            relay.handle();
        }

        assertThat(queue.row(a1).status).isEqualTo(InMemoryOutboxQueue.Status.PENDING);
        assertThat(queue.row(a1).retryCount).as("every attempt counted, none fatal").isEqualTo(20);
        assertThat(queue.row(a1).delay).as("the backoff stays capped").isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(queue.backlog().failed()).isZero();

        bus.down = false;
        relay.handle();
        assertThat(bus.publishedIds()).containsExactly(a1, a2);
    }

    @Test
    void a_publisher_that_throws_fails_the_batch_for_a_retry_instead_of_holding_it_for_a_lease() {
        long a1 = queue.add("a");
        long b1 = queue.add("b");
        bus.throwing = true;

        RelayOutbox.Batch batch = relay.handle();

        assertThat(batch.retried()).isEqualTo(2);
        assertThat(queue.row(a1).lastError).isEqualTo("publisher failed: java.lang.IllegalStateException: producer closed");
        assertThat(queue.row(b1).status).isEqualTo(InMemoryOutboxQueue.Status.PENDING);
    }

    @Test
    void the_backoff_doubles_per_attempt() {
        long a1 = queue.add("a");
        bus.refusing.add(a1);
        queue.delayedRowsDue = true;

        relay.handle();
        Duration first = queue.row(a1).delay;
        relay.handle();
        Duration second = queue.row(a1).delay;

        assertThat(second).isEqualTo(first.multipliedBy(2));
    }

    @Test
    void refuses_a_config_that_cannot_work() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                new RelayConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 1));
        assertThatIllegalArgumentException().isThrownBy(() ->
                new RelayConfig(100, Duration.ofSeconds(61), Duration.ofSeconds(60), Duration.ofSeconds(60), 1));
        assertThatIllegalArgumentException().isThrownBy(() ->
                new RelayConfig(100, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO, 1));
    }
}
