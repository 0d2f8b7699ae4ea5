package io.fabula.adapters.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.notification.Channel;
import io.fabula.application.notification.Delivery;
import io.fabula.application.notification.InAppNotifications;
import io.fabula.application.notification.Links;
import io.fabula.application.notification.NewNotification;
import io.fabula.application.notification.NotificationId;
import io.fabula.application.notification.NotificationKind;
import io.fabula.application.notification.NotificationPolicy;
import io.fabula.application.notification.PendingNotification;
import io.fabula.application.notification.Preference;
import io.fabula.application.notification.Preferences;
import io.fabula.application.notification.Trigger;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.stage.Stage;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code notifications} as the outbox of notifications on a real PostgreSQL: once per cause, claims, digests, scoping. */
@WithInfra(Server.POSTGRES)
class NotificationStoreIT {

    private Jdbi jdbi;
    private JdbiNotificationStore store;
    private JdbiInAppNotifications inApp;
    // ids are UUIDv7 as in production: the in-app list pages by id, newest first
    private final NotificationPolicy policy = new NotificationPolicy(new Links(URI.create("https://fabula.example")),
            io.fabula.domain.id.UuidV7.secure(java.time.Clock.systemUTC()));

    @BeforeEach
    void freshDatabase(Endpoints.Postgres server) {
        jdbi = FreshDatabase.migrated(server).jdbi();
        store = new JdbiNotificationStore(jdbi);
        inApp = new JdbiInAppNotifications(jdbi);
    }

    private UserId user(String name, String role) {
        UserId id = new UserId(UUID.randomUUID());
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into users (id, email, display_name, password_hash, role)
                        values (:id, :email, :name, 'x', :role)""")
                .bind("id", id.value()).bind("email", name.toLowerCase() + "-" + id + "@example.com")
                .bind("name", name).bind("role", role).execute());
        return id;
    }

    private List<NewNotification> finished(UserId user, UUID cause) {
        SessionId session = new SessionId(UUID.randomUUID());
        Trigger trigger = new Trigger(NotificationKind.SESSION_FINISHED, user, session, Stage.DETAILS, null);
        return store.recordOnce("fabula-notifier", cause, user, Optional.of(session),
                (recipient, title) -> policy.forSession(trigger, recipient, title));
    }

    @Nested
    class recording {

        @Test
        void a_cause_delivered_many_times_at_once_creates_its_rows_once() throws Exception {
            UserId lin = user("Lin", "writer");
            UUID cause = UUID.randomUUID();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch gate = new CountDownLatch(1);
                List<Future<List<NewNotification>>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(threads.submit(() -> {
                        gate.await();
                        return finished(lin, cause);
                    }));
                }
                gate.countDown();
                int created = 0;
                for (Future<List<NewNotification>> result : results) {
                    created += result.get(30, TimeUnit.SECONDS).size();
                }
                assertThat(created).isEqualTo(2);
                assertThat(count("select count(*) from notifications")).isEqualTo(2);
            } finally {
                threads.shutdownNow();
            }
        }

        @Test
        void the_stored_preferences_and_language_decide_the_rows() {
            UserId lin = user("Lin", "writer");
            inApp.savePreferences(lin, new Preferences("zh",
                    Map.of(NotificationKind.SESSION_FINISHED, new Preference(Delivery.DIGEST, true))));

            List<NewNotification> rows = finished(lin, UUID.randomUUID());

            assertThat(rows).extracting(NewNotification::channel).containsExactly(Channel.IN_APP, Channel.EMAIL);
            assertThat(rows.get(1).delivery()).isEqualTo(Delivery.DIGEST);
            assertThat(rows.get(0).title()).contains("已完成");
            assertThat(inApp.preferences(lin).of(NotificationKind.SESSION_FINISHED))
                    .isEqualTo(new Preference(Delivery.DIGEST, true));
        }

        @Test
        void the_users_notification_mode_is_the_default_for_kinds_without_a_choice() {
            UserId lin = user("Lin", "writer");
            jdbi.useHandle(h -> h.execute("update users set notification_mode = 'DIGEST' where id = ?", lin.value()));

            assertThat(inApp.preferences(lin).of(NotificationKind.STAGE_AWAITING_REVIEW))
                    .isEqualTo(new Preference(Delivery.DIGEST, true));
        }

        @Test
        void only_admins_are_admins() {
            UserId admin = user("Ada", "admin");
            user("Lin", "writer");
            assertThat(store.admins()).containsExactly(admin);
        }
    }

    @Nested
    class claiming {

        @Test
        void two_senders_claim_disjoint_rows_and_a_claimed_row_is_not_due_again_within_its_lease() throws Exception {
            UserId lin = user("Lin", "writer");
            for (int i = 0; i < 20; i++) {
                finished(lin, UUID.randomUUID());
            }
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<List<PendingNotification>> a = threads.submit(() -> store.claim(Channel.EMAIL, true, 15, Duration.ofMinutes(1)));
                Future<List<PendingNotification>> b = threads.submit(() -> store.claim(Channel.EMAIL, true, 15, Duration.ofMinutes(1)));
                Set<NotificationId> claimed = new HashSet<>();
                int total = 0;
                for (Future<List<PendingNotification>> f : List.of(a, b)) {
                    for (PendingNotification n : f.get(30, TimeUnit.SECONDS)) {
                        claimed.add(n.id());
                        total++;
                        assertThat(n.email()).startsWith("lin-");
                    }
                }
                assertThat(total).isEqualTo(claimed.size()).isEqualTo(20);
                assertThat(store.claim(Channel.EMAIL, true, 100, Duration.ofMinutes(1))).isEmpty();
            } finally {
                threads.shutdownNow();
            }
        }

        @Test
        void a_retried_row_stays_pending_counts_its_attempt_and_is_due_after_its_delay() {
            UserId lin = user("Lin", "writer");
            finished(lin, UUID.randomUUID());
            PendingNotification mail = store.claim(Channel.EMAIL, true, 10, Duration.ofMinutes(1)).get(0);

            store.retryLater(mail.id(), Duration.ofMillis(300), "connection refused");

            assertThat(store.pendingCount(Channel.EMAIL)).isEqualTo(1);
            assertThat(store.claim(Channel.EMAIL, true, 10, Duration.ofMinutes(1))).isEmpty();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> !store.claim(Channel.EMAIL, true, 10, Duration.ofMinutes(1)).isEmpty());
            assertThat(count("select attempts from notifications where id = '" + mail.id() + "'")).isEqualTo(1);
        }

        @Test
        void released_rows_are_due_at_once_and_sent_or_failed_rows_never_again() {
            UserId lin = user("Lin", "writer");
            finished(lin, UUID.randomUUID());
            finished(lin, UUID.randomUUID());
            finished(lin, UUID.randomUUID());
            List<PendingNotification> claimed = store.claim(Channel.EMAIL, true, 10, Duration.ofMinutes(1));

            store.markSent(claimed.get(0).id());
            store.fail(claimed.get(1).id(), "550 user unknown");
            store.release(List.of(claimed.get(2).id()));

            assertThat(store.claim(Channel.EMAIL, true, 10, Duration.ofMinutes(1)))
                    .extracting(PendingNotification::id).containsExactly(claimed.get(2).id());
            assertThat(store.pendingCount(Channel.EMAIL)).isEqualTo(1);
        }

        @Test
        void with_immediate_off_only_digest_mails_are_claimed_and_digest_waiting_rows_never() {
            UserId lin = user("Lin", "writer");
            finished(lin, UUID.randomUUID());
            assertThat(store.claim(Channel.EMAIL, false, 10, Duration.ofMinutes(1))).isEmpty();

            store.compose(lin, LocalDate.now(), Instant.now().plusSeconds(1), true,
                    (recipient, waiting) -> policy.digest(recipient, LocalDate.now(), List.of("x")));

            assertThat(store.claim(Channel.EMAIL, false, 10, Duration.ofMinutes(1)))
                    .extracting(PendingNotification::kind).containsExactly(NotificationKind.DAILY_DIGEST);
        }
    }

    @Nested
    class digest {

        @Test
        void a_users_waiting_mails_become_one_digest_once_per_day() {
            UserId lin = user("Lin", "writer");
            inApp.savePreferences(lin, new Preferences("en",
                    Map.of(NotificationKind.SESSION_FINISHED, new Preference(Delivery.DIGEST, true))));
            finished(lin, UUID.randomUUID());
            finished(lin, UUID.randomUUID());
            LocalDate today = LocalDate.parse("2026-11-23");
            Instant cutoff = Instant.now().plusSeconds(1);
            assertThat(store.usersWithWaitingMail(cutoff, false)).containsExactly(lin);

            Optional<NewNotification> digest = store.compose(lin, today, cutoff, false,
                    (recipient, waiting) -> policy.digest(recipient, today, waiting.stream().map(PendingNotification::title).toList()));

            assertThat(digest).hasValueSatisfying(d -> assertThat(d.params()).containsEntry("count", "2"));
            assertThat(count("select count(*) from notifications where status = 'DIGESTED' and digest_id = '"
                    + digest.get().id() + "'")).isEqualTo(2);

            finished(lin, UUID.randomUUID()); // arrives after the day's digest: waits for tomorrow's
            assertThat(store.compose(lin, today, Instant.now().plusSeconds(1), false,
                    (recipient, waiting) -> policy.digest(recipient, today, List.of("again")))).isEmpty();
            assertThat(count("select count(*) from notifications where kind = 'DAILY_DIGEST'")).isEqualTo(1);
            assertThat(store.compose(lin, today.plusDays(1), Instant.now().plusSeconds(1), false,
                    (recipient, waiting) -> policy.digest(recipient, today, List.of("tomorrow")))).isPresent();
        }

        @Test
        void immediate_mails_join_the_digest_only_when_asked() {
            UserId lin = user("Lin", "writer");
            finished(lin, UUID.randomUUID());
            Instant cutoff = Instant.now().plusSeconds(1);

            assertThat(store.usersWithWaitingMail(cutoff, false)).isEmpty();
            assertThat(store.compose(lin, LocalDate.now(), cutoff, true,
                    (recipient, waiting) -> policy.digest(recipient, LocalDate.now(), List.of("x")))).isPresent();
        }
    }

    @Nested
    class in_app {

        @Test
        void a_writer_lists_only_their_own_newest_first_paginated_and_filtered_by_unread() {
            UserId lin = user("Lin", "writer");
            UserId mo = user("Mo", "writer");
            for (int i = 0; i < 5; i++) {
                finished(lin, UUID.randomUUID());
            }
            finished(mo, UUID.randomUUID());

            InAppNotifications.Page first = inApp.list(lin, false, Optional.empty(), 2);
            InAppNotifications.Page rest = inApp.list(lin, false, Optional.of(first.items().get(1).id()), 10);

            assertThat(first.unread()).isEqualTo(5);
            assertThat(first.items()).hasSize(2);
            assertThat(rest.items()).hasSize(3);
            assertThat(first.items().get(0).createdAt()).isAfterOrEqualTo(first.items().get(1).createdAt());
            finished(lin, UUID.randomUUID()); // a new one does not shift the pages after it
            assertThat(inApp.list(lin, false, Optional.of(first.items().get(1).id()), 10).items())
                    .extracting(n -> n.id()).containsExactlyElementsOf(rest.items().stream().map(n -> n.id()).toList());

            NotificationId read = first.items().get(0).id();
            assertThat(inApp.markRead(lin, read, Instant.now())).isTrue();
            InAppNotifications.Page unread = inApp.list(lin, true, Optional.empty(), 10);
            assertThat(unread.items()).hasSize(5).extracting(n -> n.id()).doesNotContain(read);
            assertThat(unread.unread()).isEqualTo(5); // the sixth row came after the pages above
        }

        @Test
        void a_writer_cannot_mark_another_writers_notification() {
            UserId lin = user("Lin", "writer");
            UserId mo = user("Mo", "writer");
            finished(mo, UUID.randomUUID());
            NotificationId mos = inApp.list(mo, false, Optional.empty(), 1).items().get(0).id();

            assertThat(inApp.markRead(lin, mos, Instant.now())).isFalse();
            assertThat(inApp.list(mo, true, Optional.empty(), 10).items()).hasSize(1);
        }

        @Test
        void marking_twice_keeps_the_first_read_time() {
            UserId lin = user("Lin", "writer");
            finished(lin, UUID.randomUUID());
            NotificationId id = inApp.list(lin, false, Optional.empty(), 1).items().get(0).id();
            Instant first = Instant.parse("2026-11-23T09:00:00Z");

            inApp.markRead(lin, id, first);
            assertThat(inApp.markRead(lin, id, first.plusSeconds(60))).isTrue();

            assertThat(inApp.list(lin, false, Optional.empty(), 1).items().get(0).readAt()).isEqualTo(first);
        }
    }

    private long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
