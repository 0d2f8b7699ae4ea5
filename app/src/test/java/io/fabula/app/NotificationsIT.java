package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.lifecycle.Managed;
import io.fabula.adapters.out.kafka.KafkaEventPublisher;
import io.fabula.adapters.out.kafka.KafkaTopics;
import io.fabula.adapters.out.postgres.JdbiOutboxQueue;
import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
import io.fabula.adapters.out.postgres.PostgresOutboxSignal;
import io.fabula.adapters.out.redis.RedisLiveFeed;
import io.fabula.adapters.out.redis.RedisLiveSettings;
import io.fabula.adapters.out.smtp.SmtpMailer;
import io.fabula.adapters.out.smtp.SmtpSettings;
import io.fabula.app.config.NotificationsConfig;
import io.fabula.app.config.SwitchesConfig;
import io.fabula.app.wiring.NotificationWiring;
import io.fabula.app.wiring.OperationsWiring;
import io.fabula.application.live.LiveMessage;
import io.fabula.application.notification.Delivery;
import io.fabula.application.notification.NotificationKind;
import io.fabula.application.notification.Preference;
import io.fabula.application.notification.Preferences;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.relay.RelayConfig;
import io.fabula.application.relay.RelayLoop;
import io.fabula.application.relay.RelayOutbox;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.application.switches.HotSwitches;
import io.fabula.application.switches.Switch;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.Backoff;
import io.fabula.domain.failure.FailureKind;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.id.UuidV7;
import io.fabula.domain.quality.QualityPolicy;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import io.fabula.domain.session.SessionCommand;
import io.fabula.domain.session.SessionEnvironment;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Notifications end to end (issue 10) on real servers: commands through the command path into PostgreSQL, the outbox
 * relay into Kafka, the notifier's consumer group, the hot switches (PostgreSQL + Redis), the SSE live feed (Redis)
 * and a real SMTP server
 * (GreenMail) that the outage test stops and starts again. Mails are counted at the server.
 */
@WithInfra({Server.POSTGRES, Server.KAFKA, Server.REDIS})
class NotificationsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RelayConfig RELAY = new RelayConfig(100, Duration.ofMillis(200), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 20_000);

    private final List<Managed> started = new ArrayList<>();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private RedisLiveFeed live;
    private final MetricRegistry metrics = new MetricRegistry();
    private Jdbi jdbi;
    private Endpoints.Postgres postgres;
    private MigratedDatabase database;
    private Endpoints.Kafka kafka;
    private HotSwitches switches;
    private HandleSessionCommand commands;
    private int smtpPort;
    private GreenMail smtp;
    private NotificationWiring notifications;

    @BeforeEach
    void servers(Endpoints.Postgres postgres, Endpoints.Kafka kafka, Endpoints.Redis redis) throws Exception {
        this.postgres = postgres;
        this.database = MigratedDatabase.create(postgres, "notify");
        this.jdbi = database.jdbi();
        this.kafka = kafka;
        JedisPooled pool = closing(new JedisPooled(redis.host(), redis.port()));
        live = new RedisLiveFeed(pool, RedisLiveSettings.defaults()); // the SSE engineer's feed, on the real Redis
        List<Managed> lifecycle = new ArrayList<>();
        switches = OperationsWiring.hotSwitches(jdbi, pool, metrics,
                new SwitchesConfig(io.dropwizard.util.Duration.seconds(1), "fabula:switches:" + UUID.randomUUID()),
                lifecycle::add, Map.of());
        start(lifecycle);
        Clock clock = Clock.systemUTC();
        commands = new HandleSessionCommand(new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec()),
                new SessionEnvironment(clock, new UuidV7(clock, new SecureRandom()), QualityPolicy.withDefaults(),
                        "/fabula/test"), new CommandLimits(10_000));
        try (ServerSocket socket = new ServerSocket(0)) {
            smtpPort = socket.getLocalPort();
        }
        startSmtp();
        notifications = wiring(clock, metrics, 8);
    }

    private NotificationWiring wiring(Clock clock, MetricRegistry registry, int digestHour) {
        NotificationsConfig config = new NotificationsConfig(true, "https://fabula.example/", 50,
                io.dropwizard.util.Duration.milliseconds(100), io.dropwizard.util.Duration.seconds(30), 3, digestHour);
        SmtpSettings settings = new SmtpSettings("127.0.0.1", smtpPort, "Fabula <no-reply@fabula.example>", "", "",
                SmtpSettings.Tls.NONE, "", Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2));
        return NotificationWiring.on(jdbi, clock, registry, config, new SmtpMailer(settings, clock), switches,
                Optional.of(live));
    }

    /** A clock the test moves; only the digest schedule (and id timestamps) read it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(30_000);
        }
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    // ---- the tests ----

    @Test
    void a_stage_awaiting_review_reaches_the_writer_in_app_live_and_by_mail_exactly_once() throws Exception {
        startRelayAndConsumer();
        start(List.of(notifications.sender()));
        UserId lin = user("Lin", "lin@example.com", "writer");
        SessionId session = new SessionId(UUID.randomUUID());

        List<DomainEvent> events = new ArrayList<>();
        events.addAll(handle(new SessionCommand.StartSession(meta(session, lin, "start", 0), "The lighthouse keeper's map",
                new NovelId(UUID.randomUUID()))));
        events.addAll(handle(new SessionCommand.RecordProposal(meta(session, lin, "propose", 1), Stage.CONCEPT,
                "A keeper follows a map that redraws itself.", null, List.of())));
        events.addAll(handle(new SessionCommand.RecordReview(meta(session, lin, "review", 2), Stage.CONCEPT, 9.0,
                List.of())));

        assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("lin@example.com");
        assertThat(mail.getSubject()).isEqualTo("Fabula: stage CONCEPT of \"The lighthouse keeper's map\" awaits your review");
        assertThat(body(mail)).contains("Hello Lin,", "https://fabula.example/sessions/" + session + "/review?stage=concept");
        await().atMost(WAIT).until(() -> live.latest(lin, 10).size() == 1);
        LiveMessage pushed = live.latest(lin, 10).get(0).message();
        assertThat(pushed.event()).isEqualTo("notification");
        assertThat(pushed.data()).contains("\"kind\":\"STAGE_AWAITING_REVIEW\"");
        assertThat(notifications.inApp().list(lin, true, Optional.empty(), 10).items()).singleElement()
                .satisfies(n -> assertThat(n.kind()).isEqualTo(NotificationKind.STAGE_AWAITING_REVIEW));

        // Kafka delivers again (the relay publishes the same events once more): still one mail, one in-app row
        jdbi.useHandle(h -> h.execute("update event_outbox set status = 'PENDING', sent_at = null, scheduled_at = now()"));
        await().atMost(WAIT).until(() -> count("event_outbox where status = 'SENT'") == events.size());
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT)
                .until(() -> count("consumer_dedup where consumer_group = 'fabula-notifier'") == 1);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(count("notifications")).isEqualTo(2);
        assertThat(metrics.counter("notifications.sent.email").getCount()).isEqualTo(1);
    }

    @Test
    void an_smtp_outage_keeps_every_mail_pending_trips_email_after_more_than_three_failures_and_delivers_each_once_after_recovery()
            throws Exception {
        smtp.stop(); // the server is down: connections are refused
        UserId lin = user("Lin", "lin@example.com", "writer");
        List<SessionId> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sessions.add(failedSession(lin, "seed " + i));
        }
        assertThat(count("notifications where channel = 'EMAIL' and status = 'PENDING'")).isEqualTo(6);

        start(List.of(notifications.sender()));

        await().atMost(WAIT).until(() -> !switches.isOn(Switch.EMAIL_ENABLED));
        String reason = jdbi.withHandle(h -> h.createQuery("""
                        select reason from feature_flag_audit where flag_name = 'EMAIL_ENABLED' and new_value = false
                        and changed_by = 'automatic'""").mapTo(String.class).one());
        assertThat(reason).startsWith("SMTP: 4 consecutive failures (more than 3); last: ");
        @SuppressWarnings("unchecked")
        Gauge<Integer> streak = (Gauge<Integer>) metrics.getGauges().get("notifications.smtp.failure_streak");
        assertThat(streak.getValue()).isEqualTo(4);
        assertAlertMetricsAreExported();
        // in-app goes on while mail is off
        await().atMost(WAIT).until(() -> live.latest(lin, 10).size() == 6);

        startSmtp(); // the server is back, but EMAIL_ENABLED is still off: nothing goes out
        Thread.sleep(1_000); // a negative: give the sender several rounds in which it must not send
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(count("notifications where channel = 'EMAIL' and status = 'PENDING'")).isEqualTo(6);
        long attempts = jdbi.withHandle(h -> h.createQuery(
                "select sum(attempts) from notifications where channel = 'EMAIL'").mapTo(Long.class).one());
        assertThat(attempts).as("the trip stopped the sender after the 4th failure").isEqualTo(4);

        switches.change(Switch.EMAIL_ENABLED, true, "operator", "SMTP is back");

        assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 6)).isTrue();
        await().atMost(WAIT).until(() -> count("notifications where channel = 'EMAIL' and status = 'SENT'") == 6);
        Thread.sleep(1_000); // a negative: nothing is sent twice
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(6);
        List<String> messageIds = new ArrayList<>();
        for (MimeMessage message : received) {
            messageIds.add(message.getMessageID());
        }
        assertThat(messageIds).doesNotHaveDuplicates();
        assertThat(Arrays.stream(received).map(NotificationsIT::subject))
                .allMatch(subject -> subject.startsWith("Fabula: \"seed ") && subject.endsWith("\" has stopped"));
        assertThat(streak.getValue()).isZero();
    }

    @Test
    void from_the_digest_hour_waiting_mails_go_out_as_one_digest_per_user_and_day_with_immediate_ones_while_immediate_is_off()
            throws Exception {
        // the digest hour is the next full hour; the clock stands just before it, then moves on to it
        Instant now = Instant.now();
        Instant digestTime = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
        LocalDate today = LocalDate.ofInstant(digestTime, ZoneOffset.UTC);
        MovableClock clock = new MovableClock(now);
        NotificationWiring notifications = wiring(clock, new MetricRegistry(),
                digestTime.atZone(ZoneOffset.UTC).getHour());
        UserId lin = user("Lin", "lin@example.com", "writer");
        notifications.inApp().savePreferences(lin, new Preferences("en",
                Map.of(NotificationKind.SESSION_FAILED, new Preference(Delivery.DIGEST, true))));
        UserId mo = user("Mo", "mo@example.com", "writer");
        failedSession(notifications, lin, "first");
        failedSession(notifications, lin, "second");
        switches.change(Switch.IMMEDIATE_ENABLED, false, "operator", "digest only today");
        failedSession(notifications, mo, "immediate but held");
        start(List.of(notifications.sender()));

        Thread.sleep(1_000); // a negative: before the digest hour nothing goes out
        assertThat(smtp.getReceivedMessages()).extracting(NotificationsIT::subject).isEmpty();

        clock.set(digestTime);

        assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 2)).isTrue();
        assertThat(notifications.digest().composeFor(today, digestTime)).as("once per user and day").isZero();
        Thread.sleep(1_000); // a negative: no second digest
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).extracting(NotificationsIT::recipient)
                .containsExactlyInAnyOrder("lin@example.com", "mo@example.com");
        MimeMessage linsDigest = Arrays.stream(received)
                .filter(m -> recipient(m).equals("lin@example.com")).findFirst().orElseThrow();
        assertThat(linsDigest.getSubject()).isEqualTo("Fabula: your digest for " + today + " (2)");
        assertThat(body(linsDigest)).contains("- \"first\" has stopped", "- \"second\" has stopped");
        assertThat(count("notifications where status = 'DIGESTED'")).isEqualTo(3);
        assertThat(count("notifications where kind = 'DAILY_DIGEST' and status = 'SENT'")).isEqualTo(2);
    }

    @Test
    void a_budget_warning_reaches_every_admin_once_a_day() throws Exception {
        user("Ada", "ada@example.com", "admin");
        user("Lin", "lin@example.com", "writer");
        start(List.of(notifications.sender()));

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(notifications.budgetWarning().handle(today, new java.math.BigDecimal("40"), new java.math.BigDecimal("50")))
                .isEqualTo(1);
        assertThat(notifications.budgetWarning().handle(today, new java.math.BigDecimal("45"), new java.math.BigDecimal("50")))
                .isZero();

        assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
        Thread.sleep(1_000);
        assertThat(smtp.getReceivedMessages()).singleElement().satisfies(mail -> {
            assertThat(recipient(mail)).isEqualTo("ada@example.com");
            assertThat(mail.getSubject()).isEqualTo("Fabula: 80 % of today's LLM budget is spent");
        });
    }

    // ---- helpers ----

    /** Every metric ops/prometheus/notification-alerts.yml names is exported to Prometheus under that name. */
    private void assertAlertMetricsAreExported() throws Exception {
        io.prometheus.metrics.model.registry.PrometheusRegistry prometheus =
                new io.prometheus.metrics.model.registry.PrometheusRegistry();
        io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports.builder().dropwizardRegistry(metrics)
                .register(prometheus);
        String exported = io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                .toDebugString(prometheus.scrape());
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher metric = java.util.regex.Pattern.compile("^([a-z_]+)[ {]", java.util.regex.Pattern.MULTILINE)
                .matcher(exported);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        String rules = java.nio.file.Files.readString(RepoFiles.file("ops/prometheus/notification-alerts.yml"));
        java.util.Set<String> used = new java.util.TreeSet<>();
        java.util.regex.Matcher reference = java.util.regex.Pattern.compile("\\b(notifications_[a-z_]+)").matcher(rules);
        while (reference.find()) {
            used.add(reference.group(1));
        }
        assertThat(used).contains("notifications_smtp_failure_streak")
                .allSatisfy(name -> assertThat(names).as("exported metrics").contains(name));
        assertThat(exported).contains("notifications_smtp_failure_streak 4.0");
    }

    private SessionId failedSession(UserId user, String seed) {
        return failedSession(notifications, user, seed);
    }

    private SessionId failedSession(NotificationWiring notifications, UserId user, String seed) {
        SessionId session = new SessionId(UUID.randomUUID());
        handle(new SessionCommand.StartSession(meta(session, user, "start", 0), seed, new NovelId(UUID.randomUUID())));
        for (DomainEvent event : handle(new SessionCommand.RecordFailure(meta(session, user, "fail", 1), Stage.CONCEPT,
                FailureKind.TRANSIENT, "the model kept timing out", 3))) {
            notifications.notifySessionEvent().handle(event); // straight to the use case: the Kafka path has its own test
        }
        return session;
    }

    private List<DomainEvent> handle(SessionCommand command) {
        CommandOutcome outcome = commands.handle(command);
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
        return ((CommandOutcome.Accepted) outcome).events();
    }

    private static CommandMeta meta(SessionId session, UserId user, String key, long expectedVersion) {
        return new CommandMeta(new CommandId(session + "/" + key), session, ExpectedVersion.exactly(expectedVersion), user,
                new CorrelationId("corr-" + key), null);
    }

    private UserId user(String name, String email, String role) {
        UserId id = new UserId(UUID.randomUUID());
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into users (id, email, display_name, password_hash, role)
                        values (:id, :email, :name, 'x', :role)""")
                .bind("id", id.value()).bind("email", email).bind("name", name).bind("role", role).execute());
        return id;
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private void startRelayAndConsumer() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new KafkaTopics(admin, Duration.ofSeconds(30)).ensure(List.of(Outbox.SESSION_EVENTS), 6, (short) 1);
        }
        KafkaEventPublisher publisher = closing(new KafkaEventPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers())));
        PostgresOutboxSignal signal = closing(new PostgresOutboxSignal(() -> DriverManager.getConnection(
                database.jdbcUrl(), postgres.user(), postgres.password())));
        RelayLoop relay = new RelayLoop(new RelayOutbox(new JdbiOutboxQueue(jdbi), publisher, new Backoff(Math::random), RELAY),
                signal, RELAY, error -> { });
        Thread thread = new Thread(relay, "test-relay");
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
        start(List.of(notifications.consumer(Map.of("bootstrap.servers", kafka.bootstrapServers()))));
    }

    private void start(List<Managed> managed) throws Exception {
        for (Managed m : managed) {
            m.start();
            started.add(m);
        }
    }

    private <C extends AutoCloseable> C closing(C closeable) {
        closeAfter.add(closeable);
        return closeable;
    }

    private long count(String from) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from " + from).mapTo(Long.class).one());
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage message) throws Exception {
        var parts = (jakarta.mail.internet.MimeMultipart) message.getContent();
        return parts.getBodyPart(0).getContent().toString().replace("\r\n", "\n");
    }
}
