package io.fabula.app.wiring;

import com.codahale.metrics.MetricRegistry;
import io.fabula.adapters.out.milvus.MilvusConnection;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.jdbi.v3.core.Jdbi;
import org.neo4j.driver.Driver;
import redis.clients.jedis.JedisPooled;

/**
 * The process's shared clients, built once by {@code FabulaApplication} and closed when it stops.
 * Every wiring class (API, SSE, workers, operations, ...) takes what it needs from here instead of
 * opening its own pools.
 */
public record Clients(Jdbi jdbi, Admin kafkaAdmin, JedisPooled redis, Driver neo4j, MilvusConnection milvus,
                      MetricRegistry metrics, Clock clock) {
    public Clients {
        Objects.requireNonNull(jdbi, "jdbi");
        Objects.requireNonNull(kafkaAdmin, "kafka admin");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(neo4j, "neo4j");
        Objects.requireNonNull(milvus, "milvus");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
    }
}
