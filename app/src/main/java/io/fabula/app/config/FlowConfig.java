package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The genesis flow (SPEC §3 steps 3–5, §4): the orchestrator and the agent workers.
 *
 * @param inProcess              the {@code server} (and {@code dev}) runs the orchestrator and every worker in its
 *                               own JVM; production runs them as {@code worker} processes instead
 * @param capabilities           with {@code inProcess}: what this process runs, {@code all} or a list such as
 *                               {@code orchestrator,review} (the {@code worker} command takes {@code --capabilities})
 * @param heartbeatInterval      how often each worker process writes its heartbeat to Redis (10 s)
 * @param heartbeatTtl           how long a heartbeat lives without a refresh (60 s, SPEC §5)
 * @param consumerGroupPrefix    the consumer groups are {@code <prefix>-orchestrator} and {@code <prefix>-worker-<cap>}
 *                               (another prefix lets a second Fabula share the Kafka cluster)
 * @param consumerSessionTimeout how long Kafka waits for a silent worker before giving its partitions (and its
 *                               task in hand) to another member; at least the broker's minimum of 6 s
 * @param pollTimeout            how long a consumer waits for records in one poll
 * @param shutdownGrace          how long a stopping worker may finish its task in hand before it is interrupted
 *                               (the task is then left uncommitted and redone elsewhere)
 * @param regenerationDelays     the quality gate's delays before regeneration 1, 2, 3 (5/15/30 s, SPEC §4); their
 *                               number is the number of regenerations allowed
 * <p>The cost of each call comes from the budget's price table ({@code budget.prices}).
 */
public record FlowConfig(
        @NotNull Boolean inProcess,
        @NotNull String capabilities,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration heartbeatInterval,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration heartbeatTtl,
        @NotNull @Pattern(regexp = "[a-zA-Z0-9._-]{1,100}") String consumerGroupPrefix,
        @NotNull @MinDuration(value = 6, unit = TimeUnit.SECONDS) Duration consumerSessionTimeout,
        @NotNull @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS) Duration pollTimeout,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration shutdownGrace,
        @NotNull @Size(max = 10) List<@NotNull Duration> regenerationDelays) {

    public List<java.time.Duration> regenerationDelaysJava() {
        return regenerationDelays.stream().map(d -> java.time.Duration.ofMillis(d.toMilliseconds())).toList();
    }
}
