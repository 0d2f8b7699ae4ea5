package io.fabula.application.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.domain.failure.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayLoopTest {
    private final InMemoryOutboxQueue queue = new InMemoryOutboxQueue();
    private final RecordingPublisher bus = new RecordingPublisher();
    private final RelayConfig config = new RelayConfig(2, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofSeconds(60), 20_000);
    private final List<RelayOutbox.Batch> heard = new ArrayList<>();

    @Test
    void the_listener_hears_every_batch_that_claimed_something_with_its_duration_and_the_loop_stops_when_interrupted() {
        queue.add("a");
        queue.add("b");
        queue.add("c");
        List<Duration> took = new ArrayList<>();
        // the first wait (after the second, half-empty batch) stands for the relay being stopped
        OutboxSignal stop = timeout -> {
            throw new InterruptedException("stopping");
        };

        new RelayLoop(new RelayOutbox(queue, bus, new Backoff(() -> 0.0), config), stop, config, error -> { },
                (batch, duration) -> {
                    heard.add(batch);
                    took.add(duration);
                }).run();

        assertThat(heard).containsExactly(new RelayOutbox.Batch(2, 2, 0, 0, 0), new RelayOutbox.Batch(1, 1, 0, 0, 0));
        assertThat(took).allSatisfy(duration -> assertThat(duration).isPositive());
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        assertThat(queue.backlog()).isEqualTo(OutboxBacklog.EMPTY);
    }

    @Test
    void a_backlog_is_never_negative() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new OutboxBacklog(-1, Duration.ZERO, 0));
    }
}
