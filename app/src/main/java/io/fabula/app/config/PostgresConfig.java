package io.fabula.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL: where it is and how big the pool may grow (SPEC §7: 10–100 connections, idle 300 s).
 *
 * @param timeout bounds connecting, waiting for a pooled connection and the health check's query;
 *                keep it below {@code probes.deadline}
 */
public record PostgresConfig(
        @NotBlank @Pattern(regexp = "jdbc:postgresql://.+", message = "must start with jdbc:postgresql://") String url,
        @NotBlank String user,
        @NotNull String password,
        @NotNull @Min(1) Integer minConnections,
        @NotNull @Min(1) Integer maxConnections,
        @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration idleTimeout,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration timeout) {

    @JsonIgnore
    @ValidationMethod(message = "postgres.maxConnections must not be below postgres.minConnections")
    public boolean isPoolRangeValid() {
        return minConnections == null || maxConnections == null || maxConnections >= minConnections;
    }

    /**
     * Dropwizard's pool settings for this database, for JDBI and for the {@code db} migration commands.
     * A fresh, mutable factory each call (Dropwizard's factories are beans).
     */
    public DataSourceFactory dataSourceFactory() {
        DataSourceFactory pool = new DataSourceFactory();
        pool.setDriverClass("org.postgresql.Driver");
        pool.setUrl(url);
        pool.setUser(user);
        pool.setPassword(password);
        pool.setMinSize(minConnections);
        pool.setInitialSize(minConnections);
        pool.setMaxSize(maxConnections);
        pool.setMinIdleTime(idleTimeout);
        pool.setMaxWaitForConnection(timeout);
        pool.setValidationQueryTimeout(timeout);
        // a restarted database leaves dead connections in the pool: test them before handing them out
        pool.setCheckConnectionOnBorrow(true);
        // start (and report unhealthy) while the database is down, instead of refusing to start
        pool.setIgnoreExceptionOnPreLoad(true);
        long seconds = Math.max(1, timeout.toSeconds());
        pool.setProperties(Map.of(
                "ApplicationName", "fabula",
                "connectTimeout", String.valueOf(seconds),
                "loginTimeout", String.valueOf(seconds)));
        return pool;
    }
}
