package io.fabula.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * Redis: where it is and how big the pool may grow (SPEC §7: 5–50 connections).
 *
 * @param password empty when the server has no authentication
 * @param timeout  bounds connecting, each command and waiting for a pooled connection
 */
public record RedisConfig(
        @NotBlank String host,
        @NotNull @Min(1) @Max(65535) Integer port,
        @NotNull String password,
        @NotNull @Min(0) Integer minConnections,
        @NotNull @Min(1) Integer maxConnections,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration timeout) {

    @JsonIgnore
    @ValidationMethod(message = "redis.maxConnections must not be below redis.minConnections")
    public boolean isPoolRangeValid() {
        return minConnections == null || maxConnections == null || maxConnections >= minConnections;
    }
}
