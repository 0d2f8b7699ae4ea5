package io.fabula.app.config;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kafka: the brokers to bootstrap from.
 *
 * @param timeout    bounds connecting and each admin request (the health check's cluster description)
 * @param properties optional extra client properties, e.g. {@code security.protocol} and SASL settings
 *                   in production; they override what Fabula sets
 */
public record KafkaConfig(
        @NotBlank String bootstrapServers,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration timeout,
        Map<String, String> properties) {

    public KafkaConfig {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Properties of the admin client used for health checks: every wait bounded by {@link #timeout}. */
    public Map<String, Object> adminClientProperties() {
        String timeoutMs = String.valueOf(timeout.toMilliseconds());
        Map<String, Object> admin = new HashMap<>();
        admin.put("bootstrap.servers", bootstrapServers);
        admin.put("client.id", "fabula-admin");
        admin.put("request.timeout.ms", timeoutMs);
        admin.put("default.api.timeout.ms", timeoutMs);
        admin.put("socket.connection.setup.timeout.ms", timeoutMs);
        admin.put("socket.connection.setup.timeout.max.ms", timeoutMs);
        // a stopped broker is retried at most once a second, not in a tight loop filling the log
        admin.put("reconnect.backoff.ms", "200");
        admin.put("reconnect.backoff.max.ms", "1000");
        admin.putAll(properties);
        return admin;
    }

    /**
     * Properties of the relay's producer: waiting for metadata and for each request bounded by
     * {@link #timeout}, a record given up (and retried by the relay later) after ten of them.
     */
    public Map<String, Object> producerProperties() {
        long timeoutMs = timeout.toMilliseconds();
        Map<String, Object> producer = new HashMap<>();
        producer.put("bootstrap.servers", bootstrapServers);
        producer.put("client.id", "fabula-relay");
        producer.put("max.block.ms", String.valueOf(timeoutMs));
        producer.put("request.timeout.ms", String.valueOf(timeoutMs));
        producer.put("delivery.timeout.ms", String.valueOf(timeoutMs * 10));
        producer.put("reconnect.backoff.ms", "200");
        producer.put("reconnect.backoff.max.ms", "1000");
        producer.putAll(properties);
        return producer;
    }

    /** Properties of a consumer: group and deserializers are the consumer's own; reconnects paced like the others. */
    public Map<String, Object> consumerProperties() {
        Map<String, Object> consumer = new HashMap<>();
        consumer.put("bootstrap.servers", bootstrapServers);
        consumer.put("request.timeout.ms", String.valueOf(Math.max(timeout.toMilliseconds(), 5_000)));
        consumer.put("reconnect.backoff.ms", "200");
        consumer.put("reconnect.backoff.max.ms", "1000");
        consumer.putAll(properties);
        return consumer;
    }
}
