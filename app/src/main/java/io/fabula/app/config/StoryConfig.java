package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.fabula.application.resilience.BreakerSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * How the story graph (Neo4j) and the story memory (Milvus) degrade (SPEC §8): each sits behind a
 * circuit breaker, so a server that is down costs one fast failure per call instead of a timeout,
 * and is tried again by itself.
 *
 * @param breakerFailures consecutive failures that open a breaker
 * @param breakerOpenFor  how long it stays open before one trial call
 * @param recallLimit     passages of retrieval context an agent gets
 * @param projectInProcess this process feeds the graph and the memory from the session events (consumer groups:
 *                         any number of processes may, each event is applied once per group in effect)
 */
public record StoryConfig(
        @NotNull @Min(1) @Max(100) Integer breakerFailures,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration breakerOpenFor,
        @NotNull @Min(1) @Max(100) Integer recallLimit,
        @NotNull Boolean projectInProcess) {

    public BreakerSettings breaker() {
        return new BreakerSettings(breakerFailures, java.time.Duration.ofMillis(breakerOpenFor.toMilliseconds()));
    }
}
