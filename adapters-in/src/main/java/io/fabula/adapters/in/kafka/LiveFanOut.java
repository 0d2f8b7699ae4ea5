package io.fabula.adapters.in.kafka;

import io.fabula.application.live.ForwardToWriter;
import io.fabula.application.live.LiveUnavailable;
import io.fabula.application.port.out.Outbox;
import io.fabula.codec.DecodeResult;
import io.fabula.codec.EventEnvelopeCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code genesis.session.events} and forwards the writer-facing events into each writer's live
 * history ({@link ForwardToWriter}), from where every instance serves its own SSE connections.
 *
 * <p>One consumer group per deployment (not per instance): each event is forwarded by one instance. Offsets
 * are committed only after the history took the event, so a crash or a Redis outage redelivers instead of
 * losing; the history delivers an event id once, so redelivery is harmless. While Redis is down the consumer
 * waits on its position (backoff up to 5 s) and catches up afterwards. Poisoned messages are skipped here:
 * the orchestrator sends them to the DLT.
 */
public final class LiveFanOut implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFanOut.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Consumer<String, String> consumer;
    private final ForwardToWriter forward;
    private final EventEnvelopeCodec codec = new EventEnvelopeCodec();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong forwarded = new AtomicLong();

    public LiveFanOut(Consumer<String, String> consumer, ForwardToWriter forward) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.forward = Objects.requireNonNull(forward, "forward");
    }

    /** A consumer of the deployment's fan-out group; {@code properties} carry bootstrap servers and security. */
    public static Consumer<String, String> consumer(Properties properties, String groupId, String autoOffsetReset) {
        Properties config = new Properties();
        config.putAll(properties);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fabula-live-fanout");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void run() {
        long backoffMs = 0;
        try {
            consumer.subscribe(List.of(Outbox.SESSION_EVENTS));
            while (running.get()) {
                if (backoffMs > 0) {
                    Thread.sleep(backoffMs);
                }
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                backoffMs = forwardAll(records) ? 0 : Math.min(MAX_BACKOFF_MS, Math.max(100, backoffMs * 2));
            }
        } catch (WakeupException | InterruptedException stopping) {
            if (running.get()) {
                LOG.error("live fan-out stopped unexpectedly", stopping);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** @return false when the history could not take an event (the rest of the batch is read again later) */
    private boolean forwardAll(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean complete = true;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, String> record : records.records(partition)) {
                if (!complete) {
                    break;
                }
                try {
                    forwardOne(record);
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } catch (LiveUnavailable e) {
                    LOG.warn("live fan-out waits for Redis: {}", e.getMessage());
                    complete = false;
                }
            }
        }
        if (!complete) {
            // read again from the first event not forwarded, in every partition of this batch
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<String, String>> inPartition = records.records(partition);
                OffsetAndMetadata committedUpTo = done.get(partition);
                consumer.seek(partition, committedUpTo != null ? committedUpTo.offset() : inPartition.get(0).offset());
            }
        }
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
        return complete;
    }

    private void forwardOne(ConsumerRecord<String, String> record) {
        DecodeResult decoded = codec.decode(record.value());
        if (decoded instanceof DecodeResult.Decoded event) {
            if (forward.handle(event.event(), record.value())) {
                forwarded.incrementAndGet();
            }
        } else if (decoded instanceof DecodeResult.Poisoned poisoned) {
            LOG.warn("live fan-out skips {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    poisoned.failure().reason());
        }
    }

    /** Events put into writers' histories by this instance. */
    public long forwarded() {
        return forwarded.get();
    }

    /** Ends {@link #run()} soon (from any thread). */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }
}
