package io.fabula.app;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.fabula.adapters.out.kafka.KafkaEventPublisher;
import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.postgres.JdbiOutboxQueue;
import io.fabula.adapters.out.postgres.PostgresOutboxSignal;
import io.fabula.app.config.KafkaConfig;
import io.fabula.app.config.OutboxRelayConfig;
import io.fabula.application.relay.RelayConfig;
import io.fabula.application.relay.RelayLoop;
import io.fabula.application.relay.RelayOutbox;
import io.fabula.domain.failure.Backoff;
import java.security.SecureRandom;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay as a Dropwizard {@link Managed}: in the {@code server} and {@code dev} JVMs when
 * {@code relay.inProcess} is true, and alone in the {@code relay} command. Start never waits for Kafka
 * or PostgreSQL: the relay thread creates the topics (retrying until Kafka answers), then runs
 * {@link RelayLoop}; commands keep being accepted meanwhile, their events wait in the outbox.
 */
final class OutboxRelay implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final RelayOutbox relay;
    private final RelayConfig settings;
    private final OutboxRelayConfig config;
    private final KafkaConfig kafka;
    private final KafkaEventPublisher publisher;
    private final PostgresOutboxSignal signal;
    private final OutboxMetrics metrics;
    private Thread thread;

    OutboxRelay(Jdbi jdbi, PostgresOutboxSignal.Connector listenConnection, OutboxRelayConfig config, KafkaConfig kafka,
                MetricRegistry metrics) {
        this.config = config;
        this.kafka = kafka;
        this.settings = config.settings();
        this.publisher = new KafkaEventPublisher(kafka.producerProperties());
        this.signal = new PostgresOutboxSignal(listenConnection);
        JdbiOutboxQueue queue = new JdbiOutboxQueue(jdbi);
        SecureRandom jitter = new SecureRandom();
        this.relay = new RelayOutbox(queue, publisher, new Backoff(jitter::nextDouble), settings);
        this.metrics = new OutboxMetrics(queue, settings.pendingBound(), metrics, Duration.ofSeconds(5));
    }

    @Override
    public synchronized void start() {
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        if (!createTopics()) {
            return;
        }
        new RelayLoop(relay, signal, settings,
                error -> LOG.warn("outbox relay batch failed, retrying in {}: {}", settings.pollInterval(), error.toString()),
                metrics)
                .run();
    }

    /** @return false when stopped before Kafka answered */
    private boolean createTopics() {
        Duration wait = settings.pollInterval();
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            KafkaTopics topics = new KafkaTopics(admin, Duration.ofMillis(kafka.timeout().toMilliseconds()));
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    var created = topics.ensure(KafkaTopics.names(), config.topicPartitions(),
                            config.replicationFactor().shortValue());
                    LOG.info("outbox relay started; {} topics created", created.size());
                    return true;
                } catch (IllegalStateException e) {
                    LOG.warn("cannot create the Kafka topics yet, retrying in {}: {}", wait, e.getMessage());
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            // the current batch ends within the producer's delivery timeout, a wait within the poll interval
            thread.join(kafka.timeout().toMilliseconds() * 10 + settings.pollInterval().toMillis() + 1_000);
        }
        publisher.close();
        signal.close();
    }

    /** Blocks until the relay thread ends (the {@code relay} command's main thread). */
    void join() throws InterruptedException {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.join();
        }
    }
}
