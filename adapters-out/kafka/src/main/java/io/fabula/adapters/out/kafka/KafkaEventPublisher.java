package io.fabula.adapters.out.kafka;

import io.fabula.application.relay.EventPublisher;
import io.fabula.application.relay.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link EventPublisher} on an idempotent Kafka producer ({@code enable.idempotence=true},
 * {@code acks=all}): the record key is the session id, so a session's events share a partition, and
 * the outbox row's headers (event_type, event_id, correlation_id, ...) travel as record headers.
 *
 * <p>A batch is sent as a whole and then waited for: a message counts as published only once its
 * future completed, i.e. the in-sync replicas have it. The idempotent producer keeps a partition's
 * records in send order even when it retries internally (at most five requests in flight), and every
 * wait is bounded by {@code delivery.timeout.ms}; a broker that stays away fails the messages, and the
 * relay retries them later.
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
    private final Producer<String, String> producer;

    /**
     * @param properties client properties ({@code bootstrap.servers}, timeouts, security); idempotence,
     *                   {@code acks} and in-flight limit are set here and cannot be weakened
     */
    public KafkaEventPublisher(Map<String, Object> properties) {
        this(new KafkaProducer<>(producerProperties(properties), new StringSerializer(), new StringSerializer()));
    }

    KafkaEventPublisher(Producer<String, String> producer) {
        this.producer = producer;
    }

    static Map<String, Object> producerProperties(Map<String, Object> properties) {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "fabula-relay");
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producer.putAll(properties);
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        return producer;
    }

    @Override
    public List<Failure> publish(List<OutboxMessage> messages) {
        List<Failure> failures = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        RuntimeException cannotSend = null;
        for (OutboxMessage message : messages) {
            if (cannotSend != null) {
                // no metadata or a closed producer: the next sends would each block as long again
                failures.add(new Failure(message.id(), "not sent: " + describe(cannotSend), retriable(cannotSend)));
                acks.add(null);
                continue;
            }
            try {
                acks.add(producer.send(record(message)));
            } catch (RuntimeException e) {
                cannotSend = e;
                failures.add(new Failure(message.id(), describe(e), retriable(e)));
                acks.add(null);
            }
        }
        producer.flush();
        for (int i = 0; i < messages.size(); i++) {
            Future<RecordMetadata> ack = acks.get(i);
            if (ack == null) {
                continue;
            }
            try {
                ack.get(); // bounded by delivery.timeout.ms
            } catch (ExecutionException e) {
                failures.add(new Failure(messages.get(i).id(), describe(e.getCause()), retriable(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(new Failure(messages.get(i).id(), "relay stopped before the broker answered", true));
            }
        }
        return failures;
    }

    private static ProducerRecord<String, String> record(OutboxMessage message) {
        ProducerRecord<String, String> record = new ProducerRecord<>(message.topic(), message.key(), message.payload());
        message.headers().forEach((name, value) ->
                record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    /**
     * Kafka's own classification: a {@link RetriableException} (timeout, no leader, not enough replicas,
     * network) says the broker cannot take the record now, not that the record is wrong.
     */
    static boolean retriable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    @Override
    public void close() {
        producer.close();
    }
}
