package io.fabula.adapters.in.kafka;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.fabula.codec.DecodeResult;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.Backoff;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the session events of one topic, in order per partition (so per session), to an idempotent handler —
 * a <em>projection</em> such as the story graph or the story memory, which can apply an event twice without
 * harm and therefore needs no dedup table.
 *
 * <p>Offsets are committed only past events the handler took. When it fails (its dependency is down), the
 * consumer seeks back to the failed event and pauses its partitions for a backoff of
 * {@code min(30 s, 500 ms · 2^n)} with jitter — still polling, so it keeps its place in the group — and tries
 * again; nothing is skipped, and the projection catches up by itself when the dependency returns. A message
 * that can never be read (poison) is logged, counted and passed over: the orchestrator routes it to the DLT.
 */
public final class EventStreamConsumer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Applies one event; must be idempotent. Any exception means "not now": the event comes again. */
    @FunctionalInterface
    public interface Handler {
        void handle(DomainEvent event) throws Exception;
    }

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Handler handler;
    private final EventEnvelopeCodec codec = new EventEnvelopeCodec();
    private final Backoff backoff = new Backoff(() -> ThreadLocalRandom.current().nextDouble());
    private final Counter applied;
    private final Counter failures;
    private final Counter poisoned;
    private volatile boolean running = true;

    /**
     * @param name       names the consumer in logs and metrics ({@code fabula.consumer.<name>.*})
     * @param properties client properties ({@code bootstrap.servers}, timeouts); group, deserializers and
     *                   manual commits are set here
     */
    public EventStreamConsumer(String name, Map<String, Object> properties, String groupId, String topic,
                               Handler handler, MetricRegistry metrics) {
        this(name, new KafkaConsumer<>(consumerProperties(properties, groupId, name), new StringDeserializer(),
                new ByteArrayDeserializer()), topic, handler, metrics);
    }

    EventStreamConsumer(String name, Consumer<String, byte[]> consumer, String topic, Handler handler,
                        MetricRegistry metrics) {
        this.name = Objects.requireNonNull(name, "name");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.applied = metrics.counter(MetricRegistry.name("fabula", "consumer", name, "applied"));
        this.failures = metrics.counter(MetricRegistry.name("fabula", "consumer", name, "failures"));
        this.poisoned = metrics.counter(MetricRegistry.name("fabula", "consumer", name, "poisoned"));
    }

    static Map<String, Object> consumerProperties(Map<String, Object> properties, String groupId, String name) {
        Map<String, Object> consumer = new HashMap<>(properties);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "fabula-" + name);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        return consumer;
    }

    @Override
    public void run() {
        int retry = 0;
        long resumeAt = 0;
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                if (resumeAt != 0 && System.nanoTime() - resumeAt >= 0) {
                    consumer.resume(consumer.paused());
                    resumeAt = 0;
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                boolean failed = false;
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (!apply(record)) {
                            consumer.seek(partition, record.offset());
                            failed = true;
                            break;
                        }
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                    if (failed) {
                        break;
                    }
                }
                if (failed) {
                    // partitions after the failed one were polled but not applied: read them again too
                    for (TopicPartition partition : records.partitions()) {
                        if (!done.containsKey(partition)) {
                            consumer.seek(partition, records.records(partition).get(0).offset());
                        }
                    }
                    Duration delay = backoff.delay(retry++);
                    consumer.pause(consumer.assignment());
                    resumeAt = System.nanoTime() + delay.toNanos();
                } else {
                    retry = 0;
                }
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("consumer {} stopped: {}", name, e.toString(), e);
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** @return false when the handler failed and the event must be tried again */
    private boolean apply(ConsumerRecord<String, byte[]> record) {
        DecodeResult decoded = codec.decode(record.value());
        if (decoded instanceof DecodeResult.Poisoned poison) {
            poisoned.inc();
            LOG.warn("consumer {} passes over unreadable message {}-{}@{}: {}", name, record.topic(), record.partition(),
                    record.offset(), poison.failure().reason());
            return true;
        }
        DomainEvent event = ((DecodeResult.Decoded) decoded).event();
        try {
            handler.handle(event);
            applied.inc();
            return true;
        } catch (Exception e) {
            failures.inc();
            LOG.warn("consumer {} could not apply {} ({}), will retry: {}", name, event.eventId(), event.type(), e.toString());
            return false;
        }
    }

    /** Stops the loop; the thread running {@link #run} closes the client and returns. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
