package io.fabula.application.notification;

import static io.fabula.application.notification.InMemoryNotificationQueue.Status.FAILED;
import static io.fabula.application.notification.InMemoryNotificationQueue.Status.PENDING;
import static io.fabula.application.notification.InMemoryNotificationQueue.Status.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.live.LiveFeed;
import io.fabula.application.live.LiveMessage;
import io.fabula.application.live.TokenDelta;
import io.fabula.application.switches.Switch;
import io.fabula.domain.failure.Backoff;
import io.fabula.domain.failure.Failure;
import io.fabula.domain.id.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The sender's decisions: retries and backoff, the SMTP breaker, the switches, the live push. */
class DeliverNotificationsTest {

    private static final NotificationSettings SETTINGS =
            new NotificationSettings(10, Duration.ofMillis(100), Duration.ofSeconds(60), 3, 8);

    private final InMemoryNotificationQueue queue = new InMemoryNotificationQueue();
    private final RecordingSwitches switches = new RecordingSwitches();
    private final List<MailMessage> delivered = new ArrayList<>();
    private final List<LiveMessage> pushed = new ArrayList<>();
    private MailResult answer = null; // null: accept
    private boolean liveDown = false;
    private final SmtpBreaker breaker = new SmtpBreaker(SETTINGS.breakerThreshold());

    private final Mailer mailer = message -> {
        if (answer != null) {
            return answer;
        }
        delivered.add(message);
        return new MailResult.Sent("<" + message.id() + "@fabula.example>");
    };
    private final LiveFeed live = new LiveFeed() {
        @Override
        public void publish(UserId user, LiveMessage message) {
            if (liveDown) {
                throw new IllegalStateException("redis is down");
            }
            pushed.add(message);
        }

        @Override
        public void stream(TokenDelta delta) {
        }
    };
    private final DeliverNotifications sender = new DeliverNotifications(queue, mailer, new MailTemplates(), java.util.Optional.of(live),
            switches, breaker, new Backoff(() -> 0.0), SETTINGS, DeliveryEvents.NONE);

    private PendingNotification pendingMail() {
        PendingNotification mail = Fixtures.mail(NotificationKind.STAGE_AWAITING_REVIEW, queue.now);
        queue.add(mail);
        queue.advance(Duration.ofMillis(1));
        return mail;
    }

    private static final MailResult DOWN = new MailResult.Failed(new Failure.Transient("connection refused"));

    @Nested
    class mail {

        @Test
        void a_due_mail_is_rendered_sent_and_marked_sent() {
            PendingNotification mail = pendingMail();

            DeliverNotifications.Round round = sender.handle();

            assertThat(round.mailed()).isEqualTo(1);
            assertThat(queue.row(mail.id()).status).isEqualTo(SENT);
            assertThat(delivered).singleElement().satisfies(message -> {
                assertThat(message.id()).isEqualTo(mail.id());
                assertThat(message.to()).isEqualTo("lin@example.com");
                assertThat(message.subject()).isEqualTo("Fabula: stage WORLD of \"Tide\" awaits your review");
                assertThat(message.unsubscribe()).hasToString("https://fabula.example/settings/notifications");
            });
        }

        @Test
        void a_transient_failure_leaves_the_row_pending_with_one_attempt_and_a_backoff() {
            PendingNotification mail = pendingMail();
            answer = DOWN;

            sender.handle();

            var row = queue.row(mail.id());
            assertThat(row.status).isEqualTo(PENDING);
            assertThat(row.attempts).isEqualTo(1);
            assertThat(row.lastError).isEqualTo("connection refused");
            assertThat(row.lastDelay).isEqualTo(Duration.ofMillis(250)); // first retry: half of 500 ms with no jitter
        }

        @Test
        void backoff_doubles_with_each_attempt_and_stops_growing_at_thirty_seconds() {
            PendingNotification mail = pendingMail();
            answer = DOWN;
            List<Duration> delays = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                switches.set(Switch.EMAIL_ENABLED, true);
                sender.handle();
                delays.add(queue.row(mail.id()).lastDelay);
                queue.advance(Duration.ofMinutes(1));
            }
            assertThat(delays).extracting(Duration::toMillis)
                    .containsExactly(250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 15_000L, 15_000L, 15_000L);
            assertThat(queue.row(mail.id()).status).as("never dropped, however long the outage").isEqualTo(PENDING);
        }

        @Test
        void after_a_transient_failure_the_rest_of_the_batch_is_released_untried() {
            PendingNotification first = pendingMail();
            PendingNotification second = pendingMail();
            answer = DOWN;

            DeliverNotifications.Round round = sender.handle();

            assertThat(round.retried()).isEqualTo(1);
            assertThat(queue.row(first.id()).attempts).isEqualTo(1);
            assertThat(queue.row(second.id()).attempts).isZero();
            assertThat(queue.row(second.id()).due).isEqualTo(queue.now);
        }

        @Test
        void a_permanent_refusal_fails_the_row_and_leaves_the_streak_alone() {
            PendingNotification mail = pendingMail();
            answer = new MailResult.Failed(Failure.Validation.of("550 user unknown"));

            sender.handle();

            assertThat(queue.row(mail.id()).status).isEqualTo(FAILED);
            assertThat(queue.row(mail.id()).lastError).isEqualTo("550 user unknown");
            assertThat(breaker.streak()).isZero();
        }

        @Test
        void a_mail_whose_template_lacks_a_value_is_failed_not_retried() {
            Map<String, Object> params = new HashMap<>(Fixtures.params());
            params.remove("reviewUrl");
            PendingNotification broken = Fixtures.mail(NotificationKind.STAGE_AWAITING_REVIEW, queue.now);
            broken = new PendingNotification(broken.id(), broken.user(), broken.session(), broken.kind(), broken.channel(),
                    broken.delivery(), "en", broken.title(), broken.body(), params, broken.email(), 0, queue.now);
            queue.add(broken);

            sender.handle();

            assertThat(queue.row(broken.id()).status).isEqualTo(FAILED);
            assertThat(queue.row(broken.id()).lastError).contains("{{reviewUrl}}");
        }

        @Test
        void a_chinese_recipient_gets_the_chinese_mail() {
            PendingNotification zh = Fixtures.mail(NotificationKind.SESSION_FINISHED, queue.now);
            queue.add(new PendingNotification(zh.id(), zh.user(), zh.session(), zh.kind(), zh.channel(), zh.delivery(),
                    "zh", zh.title(), zh.body(), zh.params(), zh.email(), 0, zh.createdAt()));

            sender.handle();

            assertThat(delivered).singleElement().satisfies(message -> {
                assertThat(message.locale().getLanguage()).isEqualTo("zh");
                assertThat(message.subject()).contains("《Tide》");
            });
        }
    }

    @Nested
    class breaker {

        private void failRounds(int rounds) {
            for (int i = 0; i < rounds; i++) {
                sender.handle();
                queue.advance(Duration.ofMinutes(1));
            }
        }

        @Test
        void three_consecutive_failures_do_not_trip_email() {
            pendingMail();
            answer = DOWN;

            failRounds(3);

            assertThat(breaker.streak()).isEqualTo(3);
            assertThat(switches.trips).isEmpty();
            assertThat(switches.isOn(Switch.EMAIL_ENABLED)).isTrue();
        }

        @Test
        void the_fourth_consecutive_failure_trips_EMAIL_ENABLED_with_the_reason() {
            pendingMail();
            answer = DOWN;

            failRounds(4);

            assertThat(switches.trips).singleElement().satisfies(trip -> {
                assertThat(trip.which()).isEqualTo(Switch.EMAIL_ENABLED);
                assertThat(trip.reason()).isEqualTo("SMTP: 4 consecutive failures (more than 3); last: connection refused");
            });
            assertThat(switches.isOn(Switch.EMAIL_ENABLED)).isFalse();
        }

        @Test
        void failures_of_different_mails_count_as_one_streak() {
            for (int i = 0; i < 4; i++) {
                pendingMail();
            }
            answer = DOWN;

            for (int i = 0; i < 4; i++) {
                sender.handle(); // no time passes: the failed mail waits for its backoff, the next one is tried
            }

            assertThat(queue.rows.values()).allSatisfy(row -> assertThat(row.attempts).isEqualTo(1));
            assertThat(switches.trips).hasSize(1);
        }

        @Test
        void a_mail_the_server_accepts_ends_the_streak() {
            pendingMail();
            answer = DOWN;
            failRounds(3);

            answer = null;
            failRounds(1);

            assertThat(breaker.streak()).isZero();
            answer = DOWN;
            pendingMail();
            failRounds(3);
            assertThat(switches.trips).isEmpty();
        }

        @Test
        void once_tripped_nothing_is_sent_and_every_row_stays_pending_until_email_is_switched_on_again() {
            List<PendingNotification> mails = List.of(pendingMail(), pendingMail(), pendingMail(), pendingMail(), pendingMail());
            answer = DOWN;
            failRounds(4);
            assertThat(switches.isOn(Switch.EMAIL_ENABLED)).isFalse();

            answer = null; // the server is back, but the switch is still off
            failRounds(3);
            assertThat(delivered).isEmpty();
            assertThat(queue.pendingCount(Channel.EMAIL)).isEqualTo(5);

            switches.set(Switch.EMAIL_ENABLED, true);
            failRounds(2);

            assertThat(delivered).extracting(MailMessage::id)
                    .containsExactlyInAnyOrderElementsOf(mails.stream().map(PendingNotification::id).toList());
            assertThat(queue.pendingCount(Channel.EMAIL)).isZero();
        }
    }

    @Nested
    class switches_decide {

        @Test
        void with_EMAIL_ENABLED_off_no_mail_is_sent_but_in_app_notifications_are_pushed() {
            PendingNotification mail = pendingMail();
            PendingNotification inApp = Fixtures.inApp(queue.now);
            queue.add(inApp);
            switches.set(Switch.EMAIL_ENABLED, false);

            sender.handle();

            assertThat(delivered).isEmpty();
            assertThat(queue.row(mail.id()).status).isEqualTo(PENDING);
            assertThat(queue.row(mail.id()).attempts).isZero();
            assertThat(queue.row(inApp.id()).status).isEqualTo(SENT);
            assertThat(pushed).extracting(LiveMessage::id).containsExactly(inApp.id().toString());
        }

        @Test
        void with_IMMEDIATE_ENABLED_off_only_digest_mails_are_sent() {
            PendingNotification immediate = pendingMail();
            PendingNotification digest = Fixtures.mail(NotificationKind.DAILY_DIGEST, queue.now);
            queue.add(digest);
            switches.set(Switch.IMMEDIATE_ENABLED, false);

            sender.handle();

            assertThat(delivered).extracting(MailMessage::id).containsExactly(digest.id());
            assertThat(queue.row(immediate.id()).status).isEqualTo(PENDING);

            switches.set(Switch.IMMEDIATE_ENABLED, true);
            sender.handle();
            assertThat(delivered).extracting(MailMessage::id).containsExactly(digest.id(), immediate.id());
        }

        @Test
        void a_switch_turned_off_during_a_batch_stops_the_batch() {
            PendingNotification first = pendingMail();
            PendingNotification second = pendingMail();
            Mailer switchingOff = message -> {
                delivered.add(message);
                switches.set(Switch.EMAIL_ENABLED, false);
                return new MailResult.Sent("<x@fabula.example>");
            };
            new DeliverNotifications(queue, switchingOff, new MailTemplates(), java.util.Optional.of(live), switches, breaker,
                    new Backoff(() -> 0.0), SETTINGS, DeliveryEvents.NONE).handle();

            assertThat(queue.row(first.id()).status).isEqualTo(SENT);
            assertThat(queue.row(second.id()).status).isEqualTo(PENDING);
            assertThat(queue.row(second.id()).due).isEqualTo(queue.now);
        }
    }

    @Nested
    class live_push {

        @Test
        void an_in_app_notification_is_pushed_as_a_notification_event_with_its_fields() {
            PendingNotification inApp = Fixtures.inApp(queue.now);
            queue.add(inApp);

            sender.handle();

            assertThat(pushed).singleElement().satisfies(message -> {
                assertThat(message.event()).isEqualTo("notification");
                assertThat(message.id()).isEqualTo(inApp.id().toString());
                assertThat(message.data()).isEqualTo("{\"id\":\"" + inApp.id() + "\",\"kind\":\"SESSION_FINISHED\","
                        + "\"session_id\":\"" + Fixtures.TIDE + "\",\"title\":\"\\\"Tide\\\" is finished\","
                        + "\"body\":\"All six stages are locked.\",\"created_at\":\"" + inApp.createdAt() + "\"}");
            });
            assertThat(queue.row(inApp.id()).status).isEqualTo(SENT);
        }

        @Test
        void when_the_live_feed_is_down_the_notification_stays_pending_and_is_pushed_later() {
            PendingNotification inApp = Fixtures.inApp(queue.now);
            queue.add(inApp);
            liveDown = true;

            sender.handle();
            assertThat(queue.row(inApp.id()).status).isEqualTo(PENDING);
            assertThat(queue.row(inApp.id()).attempts).isEqualTo(1);

            liveDown = false;
            queue.advance(Duration.ofSeconds(1));
            sender.handle();
            assertThat(queue.row(inApp.id()).status).isEqualTo(SENT);
            assertThat(breaker.streak()).as("the live feed is not SMTP").isZero();
        }

        @Test
        void control_characters_and_quotes_are_escaped_in_the_frame() {
            assertThat(DeliverNotifications.quote(new StringBuilder(), "a\"b\\c\nd\u0001").toString())
                    .isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
        }
    }
}
