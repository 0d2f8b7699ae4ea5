package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.fabula.adapters.in.sse.SseSettings;
import io.fabula.adapters.out.redis.RedisLiveSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * The live stream (SPEC §6); docs/sse.md explains each rule.
 *
 * @param ticketTtl             lifetime of a single-use {@code sse-token} (60 s)
 * @param historyMaxLength      messages kept per writer for {@code Last-Event-ID} (1000)
 * @param historyTtl            a writer's history is dropped after this long without a message
 * @param initialReplay         newest messages a new stream starts with; first back-fill batch (50)
 * @param replayBatch           later back-fill batches (100)
 * @param maxBackfill           most messages a reconnect is back-filled with (500)
 * @param pingInterval          (15 s)
 * @param sendTimeout           a frame not written within it closes the stream (30 s)
 * @param maxConnectionsPerUser (2)
 * @param tooManyRetryAfter     Retry-After of the 429 for one stream too many (30 s)
 * @param unavailableRetryAfter Retry-After of the 503 while Redis is down
 * @param connectionLease       a stream not renewed for this long stops counting (its instance died); above the ping interval
 * @param dispatchThreads       threads writing frames for all streams of an instance
 * @param fanOut                the Kafka consumer that feeds the histories
 */
public record SseConfig(
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration ticketTtl,
        @NotNull @Min(1) Integer historyMaxLength,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) Duration historyTtl,
        @NotNull @Min(0) Integer initialReplay,
        @NotNull @Min(1) Integer replayBatch,
        @NotNull @Min(0) Integer maxBackfill,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration pingInterval,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration sendTimeout,
        @NotNull @Min(1) Integer maxConnectionsPerUser,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration tooManyRetryAfter,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration unavailableRetryAfter,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration connectionLease,
        @NotNull @Min(1) @Max(512) Integer dispatchThreads,
        @Valid @NotNull FanOut fanOut) {

    /**
     * @param enabled         false where another process of the deployment runs it
     * @param groupId         one group per deployment, so each event is forwarded once
     * @param autoOffsetReset where a brand-new group starts: {@code latest} in production (no flood of old events)
     */
    public record FanOut(@NotNull Boolean enabled, @NotBlank String groupId,
                         @NotNull @Pattern(regexp = "earliest|latest") String autoOffsetReset) { }

    public SseSettings settings() {
        return new SseSettings(initialReplay, replayBatch, maxBackfill, java(pingInterval), java(sendTimeout),
                maxConnectionsPerUser, java(tooManyRetryAfter), java(unavailableRetryAfter), dispatchThreads);
    }

    public RedisLiveSettings redisSettings() {
        return new RedisLiveSettings(historyMaxLength, java(historyTtl), java.time.Duration.ofDays(1), java(ticketTtl),
                java(connectionLease), 1000, java.time.Duration.ofHours(1));
    }

    public static java.time.Duration java(Duration duration) {
        return java.time.Duration.ofMillis(duration.toMilliseconds());
    }
}
