package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * Neo4j: the Bolt endpoint of the story graph.
 *
 * @param uri      {@code bolt://host:port} or {@code neo4j://host:port} (routing); {@code +s} variants for TLS
 * @param password empty to connect without authentication (the dev and test servers have none)
 * @param timeout  bounds connecting and waiting for a pooled connection
 */
public record Neo4jConfig(
        @NotBlank @Pattern(regexp = "(bolt|neo4j)(\\+s|\\+ssc)?://.+", message = "must be a bolt:// or neo4j:// URI") String uri,
        @NotNull String user,
        @NotNull String password,
        @NotNull @Min(1) Integer maxConnections,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration timeout) {
}
