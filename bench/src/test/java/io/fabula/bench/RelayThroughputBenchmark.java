package io.fabula.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.db.ManagedDataSource;
import io.fabula.adapters.out.kafka.KafkaEventPublisher;
import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.postgres.JdbiOutboxQueue;
import io.fabula.adapters.out.postgres.PostgresOutboxSignal;
import io.fabula.application.relay.RelayConfig;
import io.fabula.application.relay.RelayLoop;
import io.fabula.application.relay.RelayOutbox;
import io.fabula.domain.failure.Backoff;
import io.fabula.infra.Endpoints;
import io.fabula.infra.FabulaHome;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: the outbox relay publishing 1 KB events against Kafka's own ProducerPerformance (same broker,
 * same producer settings: acks=all, idempotent, linger 2 ms), and the commit → Kafka latency of events
 * committed at a steady 1 000/s (commit time to a consumer holding the record).
 */
@WithInfra({Server.POSTGRES, Server.KAFKA})
class RelayThroughputBenchmark {
    private static final int EVENTS = BenchSupport.intProperty("events", 100_000);
    private static final int RATE = BenchSupport.intProperty("relayRate", 1_000);
    private static final int SECONDS = BenchSupport.intProperty("seconds", 20);
    private static final String PAYLOAD = "x".repeat(1_000); // + the JSON around it: ~1 KB per event
    private static final RelayConfig RELAY = new RelayConfig(100, Duration.ofMillis(500), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 1_000_000);

    @Test
    void relay_against_the_raw_producer_and_commit_to_kafka_latency_at_1000_per_second(
            Endpoints.Postgres postgres, Endpoints.Kafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of("bench.raw", "bench.relay", "bench.latency"), 6, (short) 1);
        }
        double raw = producerPerformance(kafka);

        String url = BenchSupport.freshDatabase(postgres, "relay");
        ManagedDataSource pool = BenchSupport.pool(url, postgres, 8);
        try {
            Jdbi jdbi = Jdbi.create(pool);
            double relayed = relayBacklog(jdbi, url, postgres, kafka, 1);
            double relayedByTwo = relayBacklog(jdbi, url, postgres, kafka, 2);
            long[] latencies = commitToKafka(jdbi, url, postgres, kafka);

            System.out.printf("%n== outbox relay (1 KB events, %d events) ==%n", EVENTS);
            System.out.printf("ProducerPerformance        : %8.0f records/s%n", raw);
            System.out.printf("relay, 1 relay             : %8.0f events/s  (%.0f %% of the raw producer)%n", relayed, 100 * relayed / raw);
            System.out.printf("relay, 2 relays            : %8.0f events/s  (%.0f %%)%n", relayedByTwo, 100 * relayedByTwo / raw);
            System.out.printf("commit -> Kafka at %d/s : p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d events)%n%n", RATE,
                    BenchSupport.percentileMs(latencies, 50), BenchSupport.percentileMs(latencies, 99),
                    BenchSupport.percentileMs(latencies, 100), latencies.length);
            assertThat(relayed).isPositive();
        } finally {
            pool.stop();
        }
    }

    /** {@code org.apache.kafka.tools.ProducerPerformance} in a child JVM on the broker's own classpath. */
    private static double producerPerformance(Endpoints.Kafka kafka) throws Exception {
        // the broker's own libraries (infra/kafka-server) plus kafka-tools, copied by this module's pom
        String classpath = FabulaHome.locate().root().resolve("infra/kafka-server/target/server-lib") + "/*"
                + File.pathSeparator + Path.of(System.getProperty("fabula.bench.kafkaTools")) + "/*";
        String output = BenchSupport.run(List.of(BenchSupport.javaExecutable(), "-Xmx512m", "-cp", classpath,
                        "org.apache.kafka.tools.ProducerPerformance", "--topic", "bench.raw",
                        "--num-records", String.valueOf(EVENTS), "--record-size", "1024", "--throughput", "-1",
                        "--producer-props", "bootstrap.servers=" + kafka.bootstrapServers(), "acks=all",
                        "enable.idempotence=true", "linger.ms=2", "max.in.flight.requests.per.connection=5"),
                Map.of(), 600);
        Matcher summary = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec").matcher(output);
        double perSecond = -1;
        while (summary.find()) {
            perSecond = Double.parseDouble(summary.group(2)); // the last line is the whole run
        }
        if (perSecond < 0) {
            throw new IllegalStateException("no summary in ProducerPerformance's output:\n" + output);
        }
        return perSecond;
    }

    /** Fills the outbox with {@value #EVENTS} rows, then times {@code relays} relays until every row is SENT. */
    private static double relayBacklog(Jdbi jdbi, String url, Endpoints.Postgres postgres, Endpoints.Kafka kafka, int relays)
            throws Exception {
        jdbi.useHandle(handle -> handle.execute("delete from event_outbox"));
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into event_outbox (event_id, topic, key, partition_key, payload, headers)
                        select gen_random_uuid(), 'bench.relay', 'session-' || (i % 1000), 'session-' || (i % 1000),
                               jsonb_build_object('sequence', i, 'content', :payload::text), '{"event_type": "Bench.Event"}'::jsonb
                        from generate_series(1, :events) i""")
                .bind("payload", PAYLOAD).bind("events", EVENTS).execute());
        jdbi.useHandle(handle -> handle.execute("vacuum analyze event_outbox"));
        List<AutoCloseable> resources = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(relays);
        long start = System.nanoTime();
        for (int i = 0; i < relays; i++) {
            KafkaEventPublisher publisher = new KafkaEventPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()));
            PostgresOutboxSignal signal = new PostgresOutboxSignal(() -> DriverManager.getConnection(url, postgres.user(),
                    postgres.password()));
            resources.add(publisher);
            resources.add(signal);
            threads.submit(new RelayLoop(new RelayOutbox(new JdbiOutboxQueue(jdbi), publisher, new Backoff(Math::random),
                    RELAY), signal, RELAY, error -> System.err.println("relay: " + error)));
        }
        while (pending(jdbi) > 0) {
            TimeUnit.MILLISECONDS.sleep(50); // polling the benchmark's end condition
        }
        double perSecond = EVENTS / ((System.nanoTime() - start) / 1e9);
        threads.shutdownNow();
        threads.awaitTermination(60, TimeUnit.SECONDS);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        return perSecond;
    }

    /**
     * Writers commit one outbox row per transaction (with the NOTIFY a command sends) at {@value #RATE}/s
     * in total; a consumer notes when each record arrives. Latency = arrival − commit, one clock.
     */
    private static long[] commitToKafka(Jdbi jdbi, String url, Endpoints.Postgres postgres, Endpoints.Kafka kafka)
            throws Exception {
        Map<String, Long> committed = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicBoolean consuming = new AtomicBoolean(true);
        ExecutorService threads = Executors.newCachedThreadPool();
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("bench.latency"));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100)); // join the group before anything is written
        }
        Future<?> reader = threads.submit(() -> {
            while (consuming.get()) {
                consumer.poll(Duration.ofMillis(20)).forEach(record -> arrived.putIfAbsent(
                        new String(record.headers().lastHeader("event_id").value(), StandardCharsets.UTF_8), System.nanoTime()));
            }
            consumer.close();
            return null;
        });
        KafkaEventPublisher publisher = new KafkaEventPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        PostgresOutboxSignal signal = new PostgresOutboxSignal(() -> DriverManager.getConnection(url, postgres.user(),
                postgres.password()));
        Future<?> relay = threads.submit(new RelayLoop(new RelayOutbox(new JdbiOutboxQueue(jdbi), publisher,
                new Backoff(Math::random), RELAY), signal, RELAY, error -> System.err.println("relay: " + error)));

        int writers = 4;
        long period = TimeUnit.SECONDS.toNanos(1) * writers / RATE;
        int perWriter = RATE * SECONDS / writers;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        List<Future<?>> writing = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long offset = period * w / writers;
            int writer = w;
            writing.add(threads.submit(() -> {
                for (int i = 0; i < perWriter; i++) {
                    long planned = start + offset + i * period;
                    long wait = planned - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String eventId = UUID.randomUUID().toString();
                    String key = "session-" + writer + "-" + (i % 50);
                    jdbi.useTransaction(handle -> {
                        handle.createUpdate("""
                                        insert into event_outbox (event_id, topic, key, partition_key, payload, headers)
                                        values (cast(:eventId as uuid), 'bench.latency', :key, :key,
                                                jsonb_build_object('content', :payload::text),
                                                jsonb_build_object('event_id', :eventId, 'event_type', 'Bench.Event'))""")
                                .bind("eventId", eventId).bind("key", key).bind("payload", PAYLOAD).execute();
                        handle.execute("notify " + PostgresOutboxSignal.CHANNEL);
                    });
                    committed.put(eventId, System.nanoTime());
                }
                return null;
            }));
        }
        for (Future<?> writer : writing) {
            writer.get(SECONDS + 300L, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (arrived.size() < committed.size() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50); // polling the benchmark's end condition
        }
        consuming.set(false);
        reader.get(30, TimeUnit.SECONDS);
        relay.cancel(true);
        threads.shutdownNow();
        threads.awaitTermination(60, TimeUnit.SECONDS);
        publisher.close();
        signal.close();
        return committed.entrySet().stream().filter(e -> arrived.containsKey(e.getKey()))
                .mapToLong(e -> arrived.get(e.getKey()) - e.getValue()).toArray();
    }

    private static long pending(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "select count(*) from event_outbox where status in ('PENDING', 'SENDING')").mapTo(Long.class).one());
    }
}
