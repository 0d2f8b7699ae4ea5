package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.session.SessionEnvironment;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, integration test 2: the {@code relay} role of the fat jar runs in a child JVM and is killed
 * with SIGKILL in the middle of a batch (rows it claimed still SENDING), five times, while writers keep
 * sending commands. A new relay takes the dead one's rows over once their lease ends. Nothing is lost;
 * Kafka may hold an event twice (published, then killed before it was marked SENT), and deduplicating on
 * {@code event_id} leaves every session's events once, in order.
 */
@WithInfra({Server.POSTGRES, Server.KAFKA})
class RelayCrashIT {
    private TestDatabases.Pooled pool;

    @org.junit.jupiter.api.AfterEach
    void closePool() throws Exception {
        if (pool != null) {
            pool.close();
        }
    }
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final int KILLS = 5;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_relay_killed_mid_batch_again_and_again_loses_nothing_and_only_redelivers(
            Endpoints.Postgres postgres, Endpoints.Kafka kafka) throws Exception {
        String jdbcUrl = TestDatabases.freshMigrated(postgres, "crash");
        pool = TestDatabases.pooled(jdbcUrl, postgres, 16);
        Jdbi jdbi = pool.jdbi();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of(Outbox.SESSION_EVENTS), 6, (short) 1);
        }
        Clock clock = Clock.systemUTC();
        HandleSessionCommand commands = new HandleSessionCommand(new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec()),
                new SessionEnvironment(clock, UuidV7.secure(clock), QualityPolicy.withDefaults(), "/fabula/it"),
                new CommandLimits(1_000));
        SessionLoad load = new SessionLoad(commands, 40).start(4, 100_000);

        int killedMidBatch = 0;
        int round = 0;
        while (killedMidBatch < KILLS) {
            round++;
            assertThat(round).as("rounds needed to kill %d relays mid-batch", KILLS).isLessThanOrEqualTo(2 * KILLS);
            int current = round;
            OffsetDateTime startedAt = databaseNow(jdbi);
            Process relay = startRelay(postgres, jdbcUrl, kafka, current);
            // mid-batch: rows this relay claimed (after it started), not yet marked SENT
            Awaitility.await("relay " + round + " claiming rows").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        assertThat(relay.isAlive()).as("relay %d is running (log: %s)", current, log(current)).isTrue();
                        return claimedSince(jdbi, startedAt) > 0;
                    });
            // a little later each round (0-40 ms), so some kills land after the publish and before the mark
            TimeUnit.MILLISECONDS.sleep(10L * (round % 5)); // fault timing on purpose, not waiting for a state
            relay.destroyForcibly(); // SIGKILL: no shutdown hook, no last mark
            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            if (claimedSince(jdbi, startedAt) > 0) {
                killedMidBatch++;
            }
        }
        load.stop();

        Process survivor = startRelay(postgres, jdbcUrl, kafka, round + 1);
        SessionEventsInKafka.Delivery delivery = SessionEventsInKafka.read(kafka.bootstrapServers(), load.expected(),
                Duration.ofSeconds(120));
        System.out.printf("RelayCrashIT: %d commands, %d events, %d records in Kafka, %d redeliveries, %d early copies "
                + "after %d kills (%d of them mid-batch)%n", load.accepted(), load.expectedEvents(), delivery.records(),
                delivery.redeliveries(), delivery.early(), round, killedMidBatch);

        SessionEventsInKafka.assertEveryEventOnceInOrder(delivery, load.expected());
        assertThat(delivery.records()).as("every record is an event, a redelivery or an early copy")
                .isEqualTo(load.expectedEvents() + delivery.redeliveries() + delivery.early());
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(OutboxAtScaleIT.unsent(jdbi)).as("every row SENT in the end").isZero());
        survivor.destroy(); // SIGTERM: the relay finishes its batch and stops
        assertThat(survivor.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** The fat jar's {@code relay} command against the test servers, configured by {@code dw.*} overrides. */
    private Process startRelay(Endpoints.Postgres postgres, String jdbcUrl, Endpoints.Kafka kafka, int round)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Ddw.postgres.url=" + jdbcUrl,
                "-Ddw.postgres.user=" + postgres.user(),
                "-Ddw.postgres.password=" + postgres.password(),
                "-Ddw.kafka.bootstrapServers=" + kafka.bootstrapServers(),
                "-Ddw.kafka.timeout=2s",
                "-Ddw.relay.lease=" + LEASE.toSeconds() + "s",
                "-Ddw.relay.pollInterval=200ms",
                "-Ddw.relay.topicPartitions=6",
                "-jar", RepoFiles.file("app/target/fabula.jar").toString(),
                "relay", RepoFiles.file("config-test.yml").toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile(round).toFile()).start();
        children.add(child);
        return child;
    }

    private static Path logFile(int round) throws IOException {
        return Files.createDirectories(RepoFiles.file("app/target/fabula.jar").getParent().resolve("relay-crash-it"))
                .resolve("relay-" + round + ".log");
    }

    private static String log(int round) {
        try {
            List<String> lines = Files.readAllLines(logFile(round), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SENDING rows claimed after {@code since}: a claim sets scheduled_at to the claim time plus the lease. */
    private static long claimedSince(Jdbi jdbi, OffsetDateTime since) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select count(*) from event_outbox
                        where status = 'SENDING' and scheduled_at > :claimedAfterPlusLease""")
                .bind("claimedAfterPlusLease", since.plus(LEASE))
                .mapTo(Long.class).one());
    }

    private static OffsetDateTime databaseNow(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("select now()").mapTo(OffsetDateTime.class).one());
    }
}
