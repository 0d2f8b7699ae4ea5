package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.relay.RelayConfig;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.session.SessionEnvironment;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, integration test 1: 10 000 commands over 100 sessions from 8 threads, two relays side by side
 * → exactly the expected events in Kafka, each session's sequence strictly increasing without a gap, no
 * event twice (no crash here, so not even a redelivery).
 */
@WithInfra({Server.POSTGRES, Server.KAFKA})
class OutboxAtScaleIT {
    private TestDatabases.Pooled pool;

    @org.junit.jupiter.api.AfterEach
    void closePool() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }
    private static final int SESSIONS = 100;
    private static final int THREADS = 8;
    private static final int MESSAGES_PER_SESSION = 99; // + the start: 100 commands per session

    @Test
    void ten_thousand_commands_from_eight_threads_reach_kafka_exactly_once_in_order_per_session(
            Endpoints.Postgres postgres, Endpoints.Kafka kafka) throws Exception {
        String jdbcUrl = TestDatabases.freshMigrated(postgres, "scale");
        pool = TestDatabases.pooled(jdbcUrl, postgres, 16);
        Jdbi jdbi = pool.jdbi();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of(Outbox.SESSION_EVENTS), 6, (short) 1);
        }
        Clock clock = Clock.systemUTC();
        HandleSessionCommand commands = new HandleSessionCommand(new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec()),
                new SessionEnvironment(clock, UuidV7.secure(clock), QualityPolicy.withDefaults(), "/fabula/it"),
                new CommandLimits(1_000));
        RelayConfig relay = new RelayConfig(100, Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(30), 20_000);

        try (InProcessRelays relays = new InProcessRelays(jdbi, jdbcUrl, postgres.user(), postgres.password(), relay)) {
            relays.start(Map.of("bootstrap.servers", kafka.bootstrapServers()));
            relays.start(Map.of("bootstrap.servers", kafka.bootstrapServers()));
            long started = System.nanoTime();

            SessionLoad load = new SessionLoad(commands, SESSIONS).runToCompletion(THREADS, MESSAGES_PER_SESSION);

            double writeSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(load.accepted()).isEqualTo(10_000);
            assertThat(load.expectedEvents()).as("two events per start, one per message").isEqualTo(10_100);
            SessionEventsInKafka.Delivery delivery = SessionEventsInKafka.read(kafka.bootstrapServers(), load.expected(),
                    Duration.ofSeconds(120));
            double totalSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("OutboxAtScaleIT: 10 000 commands in %.1f s (%.0f/s); all 10 100 events in Kafka after %.1f s%n",
                    writeSeconds, 10_000 / writeSeconds, totalSeconds);

            SessionEventsInKafka.assertEveryEventOnceInOrder(delivery, load.expected());
            assertThat(delivery.redeliveries()).as("no relay crashed: no event twice").isZero();
            assertThat(delivery.early()).as("nothing failed: no event ahead of its turn").isZero();
            assertThat(delivery.records()).isEqualTo(10_100);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(unsent(jdbi)).as("every row marked SENT").isZero());
        }
    }

    static long unsent(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from event_outbox where status <> 'SENT'")
                .mapTo(Long.class).one());
    }
}
