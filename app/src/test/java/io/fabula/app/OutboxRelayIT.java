package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabula.adapters.out.kafka.KafkaEventPublisher;
import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.postgres.JdbiOutboxQueue;
import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
import io.fabula.adapters.out.postgres.PostgresOutboxSignal;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.relay.EventPublisher;
import io.fabula.application.relay.RelayConfig;
import io.fabula.application.relay.RelayLoop;
import io.fabula.application.relay.RelayOutbox;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.CommandRequest;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.failure.Backoff;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionEnvironment;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands through the real command path into PostgreSQL, the outbox relay into a real Kafka, and a
 * consumer reading them back (issue 5): every event once, in order per session, also when Kafka is
 * away for a while and when two relays run side by side.
 */
@WithInfra({Server.POSTGRES, Server.KAFKA})
class OutboxRelayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RelayConfig RELAY = new RelayConfig(100, Duration.ofMillis(500), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 20_000);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<Future<?>> relays = new ArrayList<>();
    private final List<CompletableFuture<Void>> relayEnds = new ArrayList<>();
    private Endpoints.Postgres postgres;
    private Endpoints.Kafka kafka;
    private String jdbcUrl;
    private Jdbi jdbi;
    private HandleSessionCommand commands;

    @BeforeEach
    void freshDatabaseAndTopics(Endpoints.Postgres postgres, Endpoints.Kafka kafka) throws Exception {
        this.postgres = postgres;
        this.kafka = kafka;
        String name = "relay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        Jdbi.create(postgres.jdbcUrl(), postgres.user(), postgres.password())
                .useHandle(handle -> handle.execute("create database " + name)); // generated, not input
        jdbcUrl = "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + name;
        migrate();
        jdbi = Jdbi.create(jdbcUrl, postgres.user(), postgres.password());
        Clock clock = Clock.systemUTC();
        UuidV7 ids = UuidV7.secure(clock); // shared by the writer threads

        commands = new HandleSessionCommand(new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec()),
                new SessionEnvironment(clock, ids, QualityPolicy.withDefaults(), "/fabula/test"), new CommandLimits(1_000));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of(Outbox.SESSION_EVENTS), 6, (short) 1);
        }
    }

    @AfterEach
    void stopRelays() throws Exception {
        relays.forEach(relay -> relay.cancel(true));
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void commands_from_several_threads_reach_kafka_once_each_in_order_per_session() throws Exception {
        startRelay(realKafka());
        List<SessionId> sessions = sessions(20);

        Map<SessionId, Long> expected = runCommands(sessions, 4, 5);

        assertDeliveredExactlyOnceInOrder(expected);
    }

    @Test
    void while_kafka_is_unreachable_commands_succeed_the_outbox_grows_and_drains_once_kafka_answers() throws Exception {
        startRelay(unreachableKafka());
        List<SessionId> sessions = sessions(5);

        Map<SessionId, Long> expected = runCommands(sessions, 2, 3);

        long events = expected.values().stream().mapToLong(Long::longValue).sum();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(count("event_outbox where retry_count > 0 and last_error is not null")).isPositive());
        assertThat(count("event_outbox where status in ('PENDING', 'SENDING')")).isEqualTo(events);
        assertThat(count("event_outbox where status = 'SENT'")).isZero();

        stopRelays(relays);
        startRelay(realKafka()); // Kafka is reachable again
        assertDeliveredExactlyOnceInOrder(expected);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(count("event_outbox where status = 'SENT'")).isEqualTo(events));
    }

    @Test
    void two_relays_side_by_side_publish_each_event_once_and_keep_each_session_in_order() throws Exception {
        startRelay(realKafka());
        startRelay(realKafka());
        List<SessionId> sessions = sessions(20);

        Map<SessionId, Long> expected = runCommands(sessions, 8, 6);

        assertDeliveredExactlyOnceInOrder(expected);
        assertThat(count("event_outbox where status <> 'SENT'")).isZero();
    }

    // --- the relay -------------------------------------------------------------------------------------------

    private EventPublisher realKafka() {
        return closing(new KafkaEventPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers())));
    }

    private EventPublisher unreachableKafka() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return closing(new KafkaEventPublisher(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort,
                "max.block.ms", 500, "request.timeout.ms", 500, "delivery.timeout.ms", 1_000)));
    }

    private void startRelay(EventPublisher publisher) {
        PostgresOutboxSignal signal = closing(new PostgresOutboxSignal(this::connect));
        RelayOutbox relay = new RelayOutbox(new JdbiOutboxQueue(jdbi), publisher, new Backoff(Math::random), RELAY);
        RelayLoop loop = new RelayLoop(relay, signal, RELAY, error -> { });
        CompletableFuture<Void> ended = new CompletableFuture<>();
        relayEnds.add(ended);
        relays.add(threads.submit(() -> {
            try {
                loop.run();
            } finally {
                ended.complete(null);
            }
        }));
    }

    /** Interrupts the relays and waits until each loop has really returned (it notices after its current wait). */
    private void stopRelays(List<Future<?>> running) throws Exception {
        running.forEach(relay -> relay.cancel(true));
        CompletableFuture.allOf(relayEnds.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        running.clear();
        relayEnds.clear();
    }

    private <C extends AutoCloseable> C closing(C closeable) {
        closeAfter.add(closeable);
        return closeable;
    }

    // --- commands --------------------------------------------------------------------------------------------

    private static List<SessionId> sessions(int count) {
        List<SessionId> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sessions.add(new SessionId(UUID.randomUUID()));
        }
        return sessions;
    }

    /** Starts every session, then sends {@code messages} messages to each, sessions shared out over threads. */
    private Map<SessionId, Long> runCommands(List<SessionId> sessions, int threadCount, int messages) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(threadCount);
        try {
            List<Future<Map.Entry<SessionId, Long>>> done = new ArrayList<>();
            for (SessionId session : sessions) {
                done.add(writers.submit(() -> Map.entry(session, writeSession(session, messages))));
            }
            Map<SessionId, Long> lastSequence = new HashMap<>();
            for (Future<Map.Entry<SessionId, Long>> future : done) {
                Map.Entry<SessionId, Long> entry = future.get(2, TimeUnit.MINUTES);
                lastSequence.put(entry.getKey(), entry.getValue());
            }
            return lastSequence;
        } finally {
            writers.shutdownNow();
        }
    }

    /** @return the session's last event sequence */
    private long writeSession(SessionId session, int messages) {
        UserId user = new UserId(UUID.randomUUID());
        CommandOutcome.Accepted started = accepted(commands.submit(new CommandRequest("StartSession",
                        Map.of("seed_idea", "a lighthouse keeper", "novel_id", new NovelId(UUID.randomUUID()).toString())),
                meta(session, user, "start", 0)));
        long version = started.version();
        long events = started.events().size();
        for (int i = 0; i < messages; i++) {
            CommandOutcome.Accepted message = accepted(commands.submit(new CommandRequest("SubmitMessage",
                    Map.of("text", "message " + i)), meta(session, user, "msg-" + i, version)));
            version = message.version();
            events += message.events().size();
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                Thread.yield();
            }
        }
        return events;
    }

    private static CommandMeta meta(SessionId session, UserId user, String key, long expectedVersion) {
        return new CommandMeta(new CommandId(session + "/" + key), session, ExpectedVersion.exactly(expectedVersion), user,
                new CorrelationId("corr-" + key), null);
    }

    private static CommandOutcome.Accepted accepted(CommandOutcome outcome) {
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
        return (CommandOutcome.Accepted) outcome;
    }

    // --- reading Kafka back ----------------------------------------------------------------------------------

    /** Reads the topic from the start until every expected event is there, then checks order and uniqueness. */
    private void assertDeliveredExactlyOnceInOrder(Map<SessionId, Long> lastSequence) throws Exception {
        Set<String> ours = new HashSet<>();
        lastSequence.keySet().forEach(session -> ours.add(session.toString()));
        long expectedTotal = lastSequence.values().stream().mapToLong(Long::longValue).sum();
        Map<String, List<Long>> sequences = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "relay-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Outbox.SESSION_EVENTS));
            long[] received = {0};
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (!ours.contains(record.key())) {
                        return;
                    }
                    JsonNode envelope = read(record.value());
                    assertThat(envelope.path("aggregate_id").asText()).isEqualTo(record.key());
                    String eventId = new String(record.headers().lastHeader("event_id").value());
                    if (!eventIds.add(eventId)) {
                        duplicates.add(eventId);
                        return;
                    }
                    sequences.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(envelope.path("sequence").asLong());
                    received[0]++;
                });
                return received[0] >= expectedTotal;
            });
            // anything beyond the expected would be a duplicate: give it a moment to show up
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                if (ours.contains(record.key())) {
                    duplicates.add(new String(record.headers().lastHeader("event_id").value()));
                }
            });
        }
        assertThat(duplicates).as("no event twice").isEmpty();
        for (Map.Entry<SessionId, Long> session : lastSequence.entrySet()) {
            List<Long> expected = new ArrayList<>();
            for (long sequence = 1; sequence <= session.getValue(); sequence++) {
                expected.add(sequence);
            }
            assertThat(sequences.get(session.getKey().toString())).as("session " + session.getKey() + ": 1..n, in order")
                    .isEqualTo(expected);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    // --- database --------------------------------------------------------------------------------------------

    private Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
    }

    @SuppressWarnings("deprecation") // the Liquibase facade is what dropwizard-migrations drives too
    private void migrate() throws Exception {
        try (Connection connection = connect();
             Liquibase liquibase = new Liquibase("db/changelog.xml", new ClassLoaderResourceAccessor(),
                     new JdbcConnection(connection))) {
            liquibase.update();
        }
    }

    private long count(String fromWhere) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from " + fromWhere).mapTo(Long.class).one());
    }
}
