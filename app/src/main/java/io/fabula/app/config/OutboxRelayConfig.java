package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.fabula.application.relay.RelayConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The outbox relay (SPEC §3 step 2) and the topics it creates at start.
 *
 * @param inProcess         whether {@code server} and {@code dev} run the relay in their JVM; production
 *                          runs it as its own role ({@code java -jar fabula.jar relay config.yml}) instead
 * @param batchSize         rows claimed per round trip (100)
 * @param pollInterval      the polling fallback when no LISTEN/NOTIFY wake-up comes
 * @param maxDelay          the longest a committed event may wait for the relay (60 s)
 * @param lease             how long a claimed row is held before another relay may take it over
 * @param pendingBound      pending rows above which the {@code outbox.pending.over_bound} gauge turns 1 (20 000)
 * @param topicPartitions   partitions of each topic created at start (existing topics are left alone)
 * @param replicationFactor replicas of each topic created at start
 */
public record OutboxRelayConfig(
        @NotNull Boolean inProcess,
        @NotNull @Min(1) @Max(10_000) Integer batchSize,
        @NotNull @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
        Duration pollInterval,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
        Duration maxDelay,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration lease,
        @NotNull @Min(1) Long pendingBound,
        @NotNull @Min(1) Integer topicPartitions,
        @NotNull @Min(1) @Max(Short.MAX_VALUE) Integer replicationFactor) {

    /** The use case's settings; refuses a poll interval above {@code maxDelay}. */
    public RelayConfig settings() {
        return new RelayConfig(batchSize, java(pollInterval), java(maxDelay), java(lease), pendingBound);
    }

    private static java.time.Duration java(Duration duration) {
        return java.time.Duration.ofMillis(duration.toMilliseconds());
    }
}
