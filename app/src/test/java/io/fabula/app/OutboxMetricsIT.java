package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.fabula.adapters.out.kafka.KafkaEventPublisher;
import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.postgres.JdbiOutboxQueue;
import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
import io.fabula.adapters.out.postgres.PostgresOutboxSignal;
import io.fabula.application.port.out.Outbox;
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
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's metrics move with what the outbox does (issue 5): pending count and oldest age grow while
 * nothing relays, the publish rate and batch latency count what reaches Kafka, failures count what does
 * not, FAILED rows show. Read through the same Prometheus bridge as {@code /prometheus}, so the names the
 * alert rules in {@code ops/prometheus/outbox-alerts.yml} use are checked against what is exported.
 */
@WithInfra({Server.POSTGRES, Server.KAFKA})
class OutboxMetricsIT {
    private static final RelayConfig RELAY = new RelayConfig(100, Duration.ofMillis(200), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 5);

    private final MetricRegistry registry = new MetricRegistry();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<Thread> relays = new ArrayList<>();
    private Endpoints.Kafka kafka;
    private String jdbcUrl;
    private Endpoints.Postgres postgres;
    private Jdbi jdbi;
    private HandleSessionCommand commands;
    private JdbiOutboxQueue queue;
    private OutboxMetrics metrics;

    @BeforeEach
    void freshDatabase(Endpoints.Postgres postgres, Endpoints.Kafka kafka) throws Exception {
        this.postgres = postgres;
        this.kafka = kafka;
        jdbcUrl = TestDatabases.freshMigrated(postgres, "metrics");
        jdbi = Jdbi.create(jdbcUrl, postgres.user(), postgres.password());
        Clock clock = Clock.systemUTC();
        commands = new HandleSessionCommand(new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec()),
                new SessionEnvironment(clock, UuidV7.secure(clock), QualityPolicy.withDefaults(), "/fabula/test"),
                new CommandLimits(1_000));
        queue = new JdbiOutboxQueue(jdbi);
        metrics = new OutboxMetrics(queue, RELAY.pendingBound(), registry, Duration.ofMillis(50));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of(Outbox.SESSION_EVENTS), 3, (short) 1);
        }
    }

    @AfterEach
    void stop() throws Exception {
        stopRelays();
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    @Test
    void the_backlog_gauges_grow_while_nothing_relays_and_fall_to_zero_once_the_relay_has_published() throws Exception {
        assertThat(gauge(OutboxMetrics.PENDING)).isEqualTo(0L);
        startSessions(4); // 8 events, bound 5

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gauge(OutboxMetrics.PENDING)).isEqualTo(8L);
            assertThat(gauge(OutboxMetrics.OVER_BOUND)).isEqualTo(1);
            assertThat((Double) gauge(OutboxMetrics.OLDEST_AGE)).isPositive();
        });
        assertThat(registry.meter(OutboxMetrics.PUBLISHED).getCount()).isZero();

        startRelay(new KafkaEventPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers())));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(registry.meter(OutboxMetrics.PUBLISHED).getCount()).isEqualTo(8);
            assertThat(gauge(OutboxMetrics.PENDING)).isEqualTo(0L);
            assertThat(gauge(OutboxMetrics.OLDEST_AGE)).isEqualTo(0.0);
            assertThat(gauge(OutboxMetrics.OVER_BOUND)).isEqualTo(0);
        });
        assertThat(registry.timer(OutboxMetrics.BATCH).getCount()).isPositive();
        assertThat(registry.timer(OutboxMetrics.BATCH).getSnapshot().getMax()).isPositive();
        assertThat(registry.meter(OutboxMetrics.PUBLISH_FAILURES).getCount()).isZero();
    }

    @Test
    void failed_attempts_and_rows_given_up_on_are_counted() throws Exception {
        startRelay(unreachableKafka());
        startSessions(1);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(registry.meter(OutboxMetrics.PUBLISH_FAILURES).getCount()).isPositive());
        assertThat(registry.meter(OutboxMetrics.PUBLISHED).getCount()).isZero();

        jdbi.useHandle(handle -> handle.execute("update event_outbox set status = 'FAILED', last_error = 'gave up'"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gauge(OutboxMetrics.FAILED)).isEqualTo(2L);
            assertThat(gauge(OutboxMetrics.PENDING)).isEqualTo(0L);
        });
    }

    @Test
    void every_outbox_metric_the_alert_rules_use_is_exported_to_prometheus() throws Exception {
        startSessions(1);
        PrometheusRegistry prometheus = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(registry).register(prometheus);

        String exported = PrometheusTextFormatWriter.create().toDebugString(prometheus.scrape());

        Set<String> names = new TreeSet<>();
        Matcher metric = Pattern.compile("^([a-z_]+)[ {]", Pattern.MULTILINE).matcher(exported);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        String rules = Files.readString(RepoFiles.file("ops/prometheus/outbox-alerts.yml"));
        Set<String> used = new TreeSet<>();
        Matcher reference = Pattern.compile("\\b(outbox_[a-z_]+)").matcher(rules);
        while (reference.find()) {
            used.add(reference.group(1));
        }
        assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(names).as("exported metrics").contains(name));
        assertThat(names).contains("outbox_pending", "outbox_pending_oldest_age_seconds", "outbox_failed",
                "outbox_published_total", "outbox_publish_failures_total", "outbox_relay_batch_count");
    }

    // ---- helpers ----

    private Object gauge(String name) {
        return ((Gauge<?>) registry.getGauges().get(name)).getValue();
    }

    private void startSessions(int count) {
        for (int i = 0; i < count; i++) {
            SessionId session = new SessionId(UUID.randomUUID());
            CommandOutcome outcome = commands.submit(new CommandRequest("StartSession", Map.of("seed_idea", "a keeper",
                            "novel_id", new NovelId(UUID.randomUUID()).toString())),
                    new CommandMeta(new CommandId(session + "/start"), session, ExpectedVersion.exactly(0),
                            new UserId(UUID.randomUUID()), new CorrelationId("metrics"), null));
            assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
        }
    }

    private KafkaEventPublisher unreachableKafka() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return new KafkaEventPublisher(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort,
                "max.block.ms", 300, "request.timeout.ms", 300, "delivery.timeout.ms", 600));
    }

    private void startRelay(KafkaEventPublisher publisher) {
        closeAfter.add(publisher);
        PostgresOutboxSignal signal = new PostgresOutboxSignal(
                () -> DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password()));
        closeAfter.add(signal);
        RelayLoop loop = new RelayLoop(new RelayOutbox(queue, publisher, new Backoff(() -> 0.0), RELAY), signal, RELAY,
                error -> { }, metrics);
        Thread relay = new Thread(loop, "metrics-it-relay");
        relays.add(relay);
        relay.start();
    }

    private void stopRelays() throws InterruptedException {
        for (Thread relay : relays) {
            relay.interrupt();
            relay.join(30_000);
        }
        relays.clear();
    }

}
