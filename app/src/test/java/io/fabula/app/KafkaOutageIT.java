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
import io.fabula.testsupport.InfraProvider;
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
 * Issue 5, integration test 3 (and SPEC §8, "Kafka → events wait in the outbox, nothing lost, drained on
 * recovery"): the broker is stopped for 30 s while writers keep sending commands. Every command is still
 * accepted, the outbox grows and nothing is marked sent; once the broker is back (same address, same
 * data) the relay drains the backlog by itself and every event arrives, in order per session.
 */
@WithInfra({Server.POSTGRES, Server.KAFKA})
class KafkaOutageIT {
    private TestDatabases.Pooled pool;

    @org.junit.jupiter.api.AfterEach
    void closePool() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void with_kafka_stopped_for_thirty_seconds_commands_are_accepted_the_outbox_grows_and_drains_once_it_is_back(
            Endpoints.Postgres postgres, Endpoints.Kafka kafka, InfraProvider infra) throws Exception {
        String jdbcUrl = TestDatabases.freshMigrated(postgres, "outage");
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
        // the production producer settings with kafka.timeout = 1 s (KafkaConfig.producerProperties)
        Map<String, Object> producer = Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.block.ms", 1_000,
                "request.timeout.ms", 1_000, "delivery.timeout.ms", 10_000,
                "reconnect.backoff.ms", 200, "reconnect.backoff.max.ms", 1_000);

        try (InProcessRelays relays = new InProcessRelays(jdbi, jdbcUrl, postgres.user(), postgres.password(), relay)) {
            relays.start(producer);
            SessionLoad load = new SessionLoad(commands, 20).start(4, 100_000);
            Awaitility.await("the relay publishing").atMost(Duration.ofSeconds(60)).until(() -> sent(jdbi) >= 200);

            infra.stop(Server.KAFKA);
            long sentWhenStopped = sent(jdbi);
            long pendingWhenStopped = pending(jdbi);
            long acceptedWhenStopped = load.accepted();
            Awaitility.await("Kafka away for " + OUTAGE).during(OUTAGE).atMost(OUTAGE.plusSeconds(5))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> sent(jdbi) == sentWhenStopped && failed(jdbi) == 0);
            long acceptedDuringOutage = load.accepted() - acceptedWhenStopped;
            long pendingAfterOutage = pending(jdbi);
            assertThat(acceptedDuringOutage).as("commands accepted while Kafka was away").isGreaterThan(100);
            assertThat(pendingAfterOutage).as("the outbox grew").isGreaterThan(pendingWhenStopped + 100);

            infra.restart(Server.KAFKA);
            long restarted = System.nanoTime();
            Awaitility.await("the backlog draining by itself").atMost(Duration.ofSeconds(90))
                    .until(() -> sent(jdbi) > sentWhenStopped + pendingAfterOutage);
            double drainSeconds = (System.nanoTime() - restarted) / 1e9;
            load.stop();

            SessionEventsInKafka.Delivery delivery = SessionEventsInKafka.read(kafka.bootstrapServers(), load.expected(),
                    Duration.ofSeconds(120));
            System.out.printf("KafkaOutageIT: %d commands accepted during the %d s outage, outbox %d -> %d pending, "
                            + "drained within %.1f s of the restart; %d events, %d redeliveries, %d early copies%n",
                    acceptedDuringOutage, OUTAGE.toSeconds(), pendingWhenStopped, pendingAfterOutage, drainSeconds,
                    load.expectedEvents(), delivery.redeliveries(), delivery.early());
            SessionEventsInKafka.assertEveryEventOnceInOrder(delivery, load.expected());
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(OutboxAtScaleIT.unsent(jdbi)).as("every row SENT, none given up").isZero());
        } finally {
            infra.restart(Server.KAFKA); // whatever happened, the next test class finds its broker
        }
    }

    private static long sent(Jdbi jdbi) {
        return count(jdbi, "status = 'SENT'");
    }

    private static long pending(Jdbi jdbi) {
        return count(jdbi, "status in ('PENDING', 'SENDING')");
    }

    private static long failed(Jdbi jdbi) {
        return count(jdbi, "status = 'FAILED'");
    }

    private static long count(Jdbi jdbi, String where) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from event_outbox where " + where)
                .mapTo(Long.class).one()); // fixed conditions above, not input
    }
}
