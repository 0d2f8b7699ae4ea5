package io.fabula.adapters.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabula.application.relay.OutboxBacklog;
import io.fabula.application.relay.OutboxMessage;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.CommandRequest;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.codec.EventEnvelopeCodec;
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
import java.time.Clock;
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's claim on a real PostgreSQL: SKIP LOCKED between relays, a key's rows strictly in order. */
@WithInfra(Server.POSTGRES)
class OutboxQueueIT {
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(8);
    private static FreshDatabase database;

    private Jdbi jdbi;
    private JdbiOutboxQueue queue;

    @BeforeEach
    void migratedDatabase(Endpoints.Postgres server) {
        synchronized (OutboxQueueIT.class) {
            if (database == null) {
                database = FreshDatabase.migrated(server);
            }
        }
        jdbi = database.jdbi();
        jdbi.useHandle(handle -> handle.execute("delete from event_outbox"));
        queue = new JdbiOutboxQueue(jdbi);
    }

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    @Test
    void claims_due_rows_oldest_first_with_their_headers_and_holds_them_for_the_lease() {
        long a1 = insert("a");
        long b1 = insert("b");
        long a2 = insert("a");

        List<OutboxMessage> claimed = queue.claim(100, LEASE);

        assertThat(claimed).extracting(OutboxMessage::id).containsExactly(a1, b1, a2);
        assertThat(claimed.get(0).headers()).containsEntry("event_type", "Test.Happened");
        assertThat(claimed.get(0).maxRetries()).isEqualTo(5);
        assertThat(statuses()).containsOnly("SENDING");
        assertThat(queue.claim(100, LEASE)).as("held by the lease").isEmpty();
        assertThat(queue.pendingCount()).isEqualTo(3);

        queue.markSent(List.of(a1, b1, a2));
        assertThat(statuses()).containsOnly("SENT");
        assertThat(queue.pendingCount()).isZero();
    }

    @Test
    void a_row_waiting_for_its_retry_holds_back_the_younger_rows_of_its_key_only() {
        long a1 = insert("a");
        long a2 = insert("a");
        long b1 = insert("b");
        queue.claim(1, LEASE);
        queue.retryLater(a1, Duration.ofSeconds(30), "broker unreachable");

        assertThat(queue.claim(100, LEASE)).extracting(OutboxMessage::id).containsExactly(b1);
        assertThat(row(a1)).isEqualTo("PENDING 1 broker unreachable");
        assertThat(row(a2)).isEqualTo("PENDING 0 null");
    }

    @Test
    void a_failed_row_stops_holding_back_its_key_and_keeps_its_last_error() {
        long a1 = insert("a");
        long a2 = insert("a");
        queue.claim(1, LEASE);
        queue.fail(a1, "record too large");

        assertThat(row(a1)).isEqualTo("FAILED 0 record too large");
        assertThat(queue.claim(100, LEASE)).extracting(OutboxMessage::id).containsExactly(a2);
    }

    @Test
    void the_backlog_counts_unsent_and_failed_rows_and_ages_the_oldest_unsent_one() {
        assertThat(queue.backlog()).isEqualTo(OutboxBacklog.EMPTY);
        long a1 = insert("a");
        insert("b");
        long c1 = insert("c");
        long sent = insert("d");
        jdbi.useHandle(handle -> handle.createUpdate("update event_outbox set created_at = now() - interval '42 seconds' where id = :id")
                .bind("id", a1).execute());
        queue.claim(100, LEASE);
        queue.fail(c1, "record too large");
        queue.markSent(List.of(sent));

        OutboxBacklog backlog = queue.backlog();

        assertThat(backlog.pending()).as("a1 and b1, SENDING").isEqualTo(2);
        assertThat(backlog.failed()).isEqualTo(1);
        assertThat(backlog.oldestPendingAge()).isBetween(Duration.ofSeconds(42), Duration.ofSeconds(60));
    }

    @Test
    void a_row_put_back_is_due_again_without_counting_an_attempt_and_an_expired_lease_is_taken_over() {
        long a1 = insert("a");
        queue.claim(100, LEASE);
        queue.putBack(List.of(a1), Duration.ZERO);
        assertThat(row(a1)).isEqualTo("PENDING 0 null");

        queue.claim(100, Duration.ofSeconds(1));
        jdbi.useHandle(handle -> handle.execute("update event_outbox set scheduled_at = now() - interval '1 second'"));
        assertThat(queue.claim(100, LEASE)).as("its relay died: another takes it").extracting(OutboxMessage::id)
                .containsExactly(a1);
    }

    @Test
    void concurrent_relays_never_share_a_row_and_publish_each_key_in_order() throws Exception {
        Map<String, List<Long>> expected = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String key = "session-" + (i % 20);
            expected.computeIfAbsent(key, k -> new ArrayList<>()).add(insert(key));
        }
        List<String> published = Collections.synchronizedList(new ArrayList<>());

        List<Future<?>> relays = new ArrayList<>();
        for (int relay = 0; relay < 6; relay++) {
            relays.add(THREADS.submit(() -> {
                JdbiOutboxQueue mine = new JdbiOutboxQueue(jdbi);
                int idle = 0;
                while (idle < 20) {
                    List<OutboxMessage> claimed = mine.claim(25, LEASE);
                    if (claimed.isEmpty()) {
                        idle++;
                        Thread.sleep(5); // an idle relay's poll backoff, not test synchronisation
                        continue;
                    }
                    idle = 0;
                    claimed.forEach(message -> published.add(message.key() + " " + message.id()));
                    mine.markSent(claimed.stream().map(OutboxMessage::id).toList());
                }
                return null;
            }));
        }
        for (Future<?> relay : relays) {
            relay.get(2, TimeUnit.MINUTES);
        }

        assertThat(published).hasSize(600).doesNotHaveDuplicates();
        Map<String, List<Long>> order = new HashMap<>();
        for (String line : published) {
            String[] parts = line.split(" ");
            order.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Long.parseLong(parts[1]));
        }
        assertThat(order).isEqualTo(expected);
    }

    @Test
    void a_committed_outbox_row_wakes_a_waiting_relay_at_once() throws Exception {
        try (PostgresOutboxSignal signal = new PostgresOutboxSignal(database::connect)) {
            signal.await(Duration.ofMillis(10)); // listening from here on
            CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                try {
                    signal.await(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }, THREADS);
            // no need to wait for the waiter: the connection LISTENs already, so a NOTIFY that lands
            // before the waiter's await is delivered to it, and one that lands during it wakes it
            startSession(); // its transaction writes outbox rows, and with them the NOTIFY

            assertThat(waited.get(10, TimeUnit.SECONDS)).isLessThan(5_000);
        }
    }

    private void startSession() {
        Clock clock = Clock.systemUTC();
        HandleSessionCommand commands = new HandleSessionCommand(new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec()),
                new SessionEnvironment(clock, UuidV7.secure(clock), QualityPolicy.withDefaults(),
                        "/fabula/test"), new CommandLimits(1_000));
        SessionId session = new SessionId(UUID.randomUUID());
        CommandOutcome outcome = commands.submit(new CommandRequest("StartSession", Map.of("seed_idea", "a lighthouse keeper",
                        "novel_id", new NovelId(UUID.randomUUID()).toString())),
                new CommandMeta(new CommandId(session + "/start"), session, ExpectedVersion.exactly(0),
                        new UserId(UUID.randomUUID()), new CorrelationId("corr-wake"), null));
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
    }

    private long insert(String key) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        insert into event_outbox (event_id, topic, key, partition_key, payload, headers)
                        values (:eventId, 'genesis.session.events', :key, :key, '{"n": 1}'::jsonb,
                                '{"event_type": "Test.Happened"}'::jsonb)
                        returning id""")
                .bind("eventId", UUID.randomUUID())
                .bind("key", key)
                .mapTo(Long.class).one());
    }

    private List<String> statuses() {
        return jdbi.withHandle(handle -> handle.createQuery("select status from event_outbox").mapTo(String.class).list());
    }

    private String row(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select status || ' ' || retry_count || ' ' || coalesce(last_error, 'null') from event_outbox where id = :id")
                .bind("id", id).mapTo(String.class).one());
    }
}
