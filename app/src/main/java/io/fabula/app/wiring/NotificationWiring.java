package io.fabula.app.wiring;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.fabula.adapters.in.http.notification.NotificationResource;
import io.fabula.adapters.in.kafka.EventStreamConsumer;
import io.fabula.adapters.out.postgres.JdbiInAppNotifications;
import io.fabula.adapters.out.postgres.JdbiNotificationStore;
import io.fabula.adapters.out.smtp.SmtpMailer;
import io.fabula.adapters.out.smtp.SmtpSettings;
import io.fabula.app.config.NotificationsConfig;
import io.fabula.application.budget.BudgetAlerts;
import io.fabula.application.live.LiveFeed;
import io.fabula.application.notification.Channel;
import io.fabula.application.notification.ComposeDailyDigest;
import io.fabula.application.notification.DeliverNotifications;
import io.fabula.application.notification.DeliveryEvents;
import io.fabula.application.notification.InAppNotifications;
import io.fabula.application.notification.Links;
import io.fabula.application.notification.MailTemplates;
import io.fabula.application.notification.Mailer;
import io.fabula.application.notification.NotificationLoop;
import io.fabula.application.notification.NotificationPolicy;
import io.fabula.application.notification.NotificationSettings;
import io.fabula.application.notification.NotifyBudgetWarning;
import io.fabula.application.notification.NotifySessionEvent;
import io.fabula.application.notification.PendingNotification;
import io.fabula.application.notification.SmtpBreaker;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.switches.Switches;
import io.fabula.domain.failure.Backoff;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.UuidV7;
import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications (SPEC §9, docs/notifications.md) wired for one process.
 *
 * <ul>
 *   <li>{@link #consumer(Map)}: the consumer group {@value NotifySessionEvent#CONSUMER} on
 *       {@code genesis.session.events}, creating notification rows once per event ({@code consumer_dedup});</li>
 *   <li>{@link #sender()}: the loop pushing IN_APP rows to the live feed, sending EMAIL rows over SMTP with retries
 *       and the breaker on {@code EMAIL_ENABLED}, and composing the daily digest;</li>
 *   <li>{@link #inApp()} for the HTTP resources and {@link #budgetWarning()} for the budget keeper.</li>
 * </ul>
 * Role: part of every {@code server}/{@code dev} when {@code notifications.inProcess} is true (the default). Several
 * processes may run it side by side: the consumer group shares the partitions, the sender's claims never overlap.
 *
 * <p>Metrics: {@code notifications.smtp.failure_streak} (alert above 3), {@code notifications.sent.email|in_app},
 * {@code notifications.retried}, {@code notifications.failed}, {@code notifications.email_tripped},
 * {@code notifications.pending.email|in_app}; the consumer's own under {@code fabula.consumer.notifier.*}.
 */
public final class NotificationWiring {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationWiring.class);

    private final MetricRegistry metrics;
    private final NotificationSettings settings;
    private final JdbiNotificationStore store;
    private final InAppNotifications inApp;
    private final SmtpBreaker breaker;
    private final DeliverNotifications deliver;
    private final ComposeDailyDigest digest;
    private final NotifySessionEvent notifySessionEvent;
    private final NotifyBudgetWarning budgetWarning;

    private NotificationWiring(Jdbi jdbi, Clock clock, MetricRegistry metrics, NotificationsConfig config, Mailer mailer,
                               Switches switches, Optional<LiveFeed> live) {
        this.metrics = metrics;
        this.settings = config.settings();
        this.store = new JdbiNotificationStore(jdbi);
        this.inApp = new JdbiInAppNotifications(jdbi);
        NotificationPolicy policy = new NotificationPolicy(new Links(URI.create(config.publicUrl())), UuidV7.secure(clock));
        this.breaker = new SmtpBreaker(settings.breakerThreshold());
        SecureRandom jitter = new SecureRandom();
        this.deliver = new DeliverNotifications(store, mailer, new MailTemplates(), live, switches, breaker,
                new Backoff(jitter::nextDouble), settings, new LoggedDeliveryEvents(metrics));
        this.digest = new ComposeDailyDigest(store, policy, switches, clock, settings.digestHour());
        this.notifySessionEvent = new NotifySessionEvent(store, policy);
        this.budgetWarning = new NotifyBudgetWarning(store, policy);
        registerGauges();
    }

    /**
     * Builds the notifications of this process and, when {@code notifications.inProcess}, starts consumer and sender
     * with the process's lifecycle.
     *
     * @param live the SSE live feed, when this process has one (IN_APP rows wait for a process that does)
     */
    public static NotificationWiring wire(Clients clients, NotificationsConfig config, SmtpSettings smtp,
                                          Switches switches, Optional<LiveFeed> live, Map<String, Object> kafkaConsumer,
                                          java.util.function.Consumer<Managed> lifecycle) {
        NotificationWiring wiring = on(clients.jdbi(), clients.clock(), clients.metrics(), config,
                new SmtpMailer(smtp, clients.clock()), switches, live);
        if (config.inProcess()) {
            lifecycle.accept(wiring.consumer(kafkaConsumer));
            lifecycle.accept(wiring.sender());
        }
        return wiring;
    }

    /** The same from parts, for tests that run "processes" side by side in one JVM. */
    public static NotificationWiring on(Jdbi jdbi, Clock clock, MetricRegistry metrics, NotificationsConfig config,
                                        Mailer mailer, Switches switches, Optional<LiveFeed> live) {
        return new NotificationWiring(Objects.requireNonNull(jdbi, "jdbi"), clock, metrics, config, mailer, switches, live);
    }

    /** The consumer of session events that creates notifications, as a Managed running on its own thread. */
    public Managed consumer(Map<String, Object> kafkaConsumer) {
        EventStreamConsumer consumer = new EventStreamConsumer("notifier", kafkaConsumer, NotifySessionEvent.CONSUMER,
                Outbox.SESSION_EVENTS, notifySessionEvent::handle, metrics);
        return new Background("notification-consumer", consumer, consumer::close);
    }

    /** The sender loop (deliveries and the daily digest), as a Managed running on its own thread. */
    public Managed sender() {
        NotificationLoop loop = new NotificationLoop(deliver, digest, settings,
                error -> LOG.warn("notification round failed, retrying in {}: {}", settings.pollInterval(), error.toString()));
        return new Background("notification-sender", loop, () -> { });
    }

    public InAppNotifications inApp() {
        return inApp;
    }

    /** {@code /api/v1/notifications...}: authentication and problem+json come from the API wiring (docs/api.md). */
    public void registerResources(JerseyEnvironment jersey, Clock clock) {
        jersey.register(new NotificationResource(inApp, clock));
    }

    /** The 80 % warning of the LLM budget becomes an admin notification, once per day (SPEC §8). */
    public BudgetAlerts budgetAlerts() {
        return new BudgetAlerts() {
            @Override
            public void warning(LocalDate day, BigDecimal spent, BigDecimal limit) {
                try {
                    budgetWarning.handle(day, spent, limit);
                } catch (RuntimeException e) {
                    // the budget keeper raises each warning once per process and day: say so loudly, do not throw into it
                    LOG.error("could not notify the admins of the budget warning of {}: {}", day, e.toString());
                }
            }

            @Override
            public void tripped(LocalDate day, BigDecimal spent, BigDecimal limit) {
                // the trip has its own alert (switch audit + metric); admins got the 80 % warning already
            }
        };
    }

    /** The hook for the budget keeper: warns every admin once per day when spending reaches 80 % (SPEC §8). */
    public NotifyBudgetWarning budgetWarning() {
        return budgetWarning;
    }

    public NotifySessionEvent notifySessionEvent() {
        return notifySessionEvent;
    }

    public DeliverNotifications deliver() {
        return deliver;
    }

    public ComposeDailyDigest digest() {
        return digest;
    }

    public SmtpBreaker breaker() {
        return breaker;
    }

    private void registerGauges() {
        metrics.gauge("notifications.smtp.failure_streak", () -> (Gauge<Integer>) breaker::streak);
        for (Channel channel : Channel.values()) {
            String name = "notifications.pending." + channel.name().toLowerCase(Locale.ROOT);
            // counted at most every 5 s whatever the scrape rate; an unreachable database reads as -1
            metrics.gauge(name, () -> new CachedGauge<Long>(5, TimeUnit.SECONDS) {
                @Override
                protected Long loadValue() {
                    try {
                        return store.pendingCount(channel);
                    } catch (RuntimeException e) {
                        return -1L;
                    }
                }
            });
        }
    }

    /** Logs each outcome once (notification id and kind, never address or body) and counts it. */
    private static final class LoggedDeliveryEvents implements DeliveryEvents {
        private final Counter sentEmail;
        private final Counter sentInApp;
        private final Counter retried;
        private final Counter failed;
        private final Counter tripped;

        LoggedDeliveryEvents(MetricRegistry metrics) {
            this.sentEmail = metrics.counter("notifications.sent.email");
            this.sentInApp = metrics.counter("notifications.sent.in_app");
            this.retried = metrics.counter("notifications.retried");
            this.failed = metrics.counter("notifications.failed");
            this.tripped = metrics.counter("notifications.email_tripped");
        }

        @Override
        public void sent(PendingNotification notification) {
            (notification.channel() == Channel.EMAIL ? sentEmail : sentInApp).inc();
            LOG.debug("notification {} ({}, {}) delivered", notification.id(), notification.kind(), notification.channel());
        }

        @Override
        public void retrying(PendingNotification notification, Failure failure, Duration delay) {
            retried.inc();
            LOG.warn("notification {} ({}, {}) not delivered, attempt {}, retrying in {} ms: {}", notification.id(),
                    notification.kind(), notification.channel(), notification.attempts() + 1, delay.toMillis(),
                    failure.reason());
        }

        @Override
        public void failed(PendingNotification notification, String reason) {
            failed.inc();
            LOG.error("notification {} ({}, {}) failed for good: {}", notification.id(), notification.kind(),
                    notification.channel(), reason);
        }

        @Override
        public void emailTripped(int streak, String reason) {
            tripped.inc();
            LOG.error("ALERT EMAIL_ENABLED tripped off after {} consecutive SMTP failures: {}", streak, reason);
        }
    }

    /** Runs a loop on a daemon thread between start and stop. */
    private static final class Background implements Managed {
        private final String name;
        private final Runnable loop;
        private final Runnable close;
        private Thread thread;

        Background(String name, Runnable loop, Runnable close) {
            this.name = name;
            this.loop = loop;
            this.close = close;
        }

        @Override
        public synchronized void start() {
            thread = new Thread(loop, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public synchronized void stop() throws InterruptedException {
            close.run();
            if (thread != null) {
                thread.interrupt();
                thread.join(15_000);
            }
        }
    }
}
