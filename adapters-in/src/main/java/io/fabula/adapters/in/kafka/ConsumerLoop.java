package io.fabula.adapters.in.kafka;

import io.fabula.application.flow.DeadLetter;
import io.fabula.application.flow.Delivery;
import io.fabula.application.flow.ParkMessage;
import io.fabula.application.flow.RunAgentTask;
import io.fabula.domain.failure.Backoff;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.failure.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer of a consumer group on its own thread: poll, hand each record to its handler in
 * order, commit the record's offset only after the handler returned (the effect is durable), and never
 * skip a record. A handler that throws is retried on the same record after {@code min(30 s, 500 ms·2ⁿ)}
 * with jitter; after {@value RetryPolicy#MAX_RETRIES} retries the record is parked on its {@code .DLT}
 * (Transient, SPEC §3) and the loop moves on. A handler that throws {@link RunAgentTask.Interrupted}
 * (the loop is stopping) leaves the record uncommitted, so another member of the group gets it.
 *
 * <p>{@link #stop} ends the loop after the record in hand (waiting up to the grace period, then
 * interrupting it) and closes the consumer, which leaves the group at once: its partitions move to the
 * other members without waiting for the session timeout.
 */
public final class ConsumerLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    private final String name;
    private final Map<String, Object> properties;
    private final Collection<String> topics;
    private final MessageHandler handler;
    private final ParkMessage park;
    private final Backoff backoff;
    private final Duration pollTimeout;
    private final Clock clock;
    private volatile boolean running;
    private volatile String inFlight;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    /**
     * @param properties client properties: {@code bootstrap.servers}, {@code group.id} and any overrides;
     *                   auto-commit is always off
     */
    public ConsumerLoop(String name, Map<String, Object> properties, Collection<String> topics, MessageHandler handler,
                        ParkMessage park, Backoff backoff, Duration pollTimeout, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.properties = Map.copyOf(properties);
        this.topics = List.copyOf(topics);
        this.handler = Objects.requireNonNull(handler, "handler");
        this.park = Objects.requireNonNull(park, "park");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "poll timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String name() {
        return name;
    }

    /** The record being handled right now ({@code topic/partition@offset}), or null. */
    public String inFlight() {
        return inFlight;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " already started");
        }
        running = true;
        thread = new Thread(this::run, "consumer-" + name);
        thread.start();
    }

    /** Stops after the record in hand; waits up to {@code grace}, then interrupts it. */
    public void stop(Duration grace) throws InterruptedException {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        this.running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (running != null) {
            running.join(grace.toMillis());
            if (running.isAlive()) {
                running.interrupt();
                running.join(grace.toMillis());
            }
        }
    }

    private void run() {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "fabula-" + name);
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer = kafka;
            kafka.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    LOG.debug("{} gave up {}", name, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.debug("{} was given {}", name, partitions);
                }
            });
            LOG.info("{} consuming {}", name, topics);
            while (running) {
                ConsumerRecords<String, String> records;
                try {
                    records = kafka.poll(pollTimeout);
                } catch (WakeupException e) {
                    break;
                }
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, String> record : records.records(partition)) {
                        if (!running || !handleUntilDone(record)) {
                            // stopping: seek back so nothing after the unhandled record is committed either
                            return;
                        }
                        commit(kafka, partition, record.offset() + 1);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("{} stopped by an unexpected error", name, e);
        } finally {
            consumer = null;
            inFlight = null;
            LOG.info("{} stopped", name);
        }
    }

    /** @return false when the loop is stopping and the record was not handled */
    private boolean handleUntilDone(ConsumerRecord<String, String> record) {
        Delivery delivery = delivery(record);
        inFlight = record.topic() + "/" + record.partition() + "@" + record.offset();
        try {
            int failedBefore = 0;
            while (true) {
                try {
                    handler.handle(delivery);
                    return true;
                } catch (RunAgentTask.Interrupted e) {
                    LOG.info("{}: {}; leaving {} to the group", name, e.getMessage(), inFlight);
                    return false;
                } catch (RuntimeException e) {
                    if (failedBefore >= RetryPolicy.MAX_RETRIES) {
                        return parkUntilDone(delivery, e, failedBefore + 1);
                    }
                    Duration delay = backoff.delay(failedBefore++);
                    LOG.warn("{}: handling {} failed ({}), retry {} in {} ms", name, inFlight, e.toString(), failedBefore,
                            delay.toMillis());
                    if (!pause(delay)) {
                        return false;
                    }
                }
            }
        } finally {
            inFlight = null;
        }
    }

    private boolean parkUntilDone(Delivery delivery, RuntimeException error, int attempts) {
        DeadLetter letter = new DeadLetter(UUID.randomUUID(), clock.instant(), delivery, new DeadLetter.Raw(delivery.payload()),
                FailureKind.TRANSIENT, error.getClass().getSimpleName() + ": " + error.getMessage(), attempts,
                header(delivery, "correlation_id"));
        int failedBefore = 0;
        while (running) {
            try {
                park.handle(letter);
                LOG.error("{}: parked {} on {} after {} attempts: {}", name, inFlight, letter.topic(), attempts, error.toString());
                return true;
            } catch (RuntimeException e) {
                Duration delay = backoff.delay(Math.min(failedBefore++, 6));
                LOG.warn("{}: cannot park {} yet ({}), again in {} ms", name, inFlight, e.toString(), delay.toMillis());
                if (!pause(delay)) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void commit(KafkaConsumer<String, String> kafka, TopicPartition partition, long next) {
        try {
            kafka.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
        } catch (CommitFailedException | WakeupException e) {
            // the partition moved to another member meanwhile: it will redeliver, and dedup makes that harmless
            LOG.warn("{}: offset {} of {} not committed: {}", name, next, partition, e.toString());
        }
    }

    private final Map<String, String> lastHeaders = new HashMap<>();

    private Delivery delivery(ConsumerRecord<String, String> record) {
        lastHeaders.clear();
        for (Header header : record.headers()) {
            lastHeaders.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        int replay = 0;
        try {
            replay = Integer.parseInt(lastHeaders.getOrDefault("replay", "0"));
        } catch (NumberFormatException e) {
            LOG.warn("{}: ignoring a replay header that is not a number: {}", name, lastHeaders.get("replay"));
        }
        return new Delivery(record.topic(), record.partition(), record.offset(), record.key() == null ? "" : record.key(),
                record.value() == null ? "" : record.value(), Math.max(0, replay));
    }

    private String header(Delivery delivery, String name) {
        String value = lastHeaders.get(name);
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
