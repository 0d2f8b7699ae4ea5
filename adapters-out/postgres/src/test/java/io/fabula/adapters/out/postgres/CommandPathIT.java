package io.fabula.adapters.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabula.application.port.out.InboxEntry;
import io.fabula.application.session.CommandLimits;
import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.CommandRequest;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.application.session.SessionQueries;
import io.fabula.codec.EventEnvelopeCodec;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.failure.Failure;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command path on a real PostgreSQL (issue 5, tests 4–6): one transaction per command, idempotent
 * under concurrency, optimistic concurrency between writers, nothing written for bad input or when any
 * write fails.
 */
@WithInfra(Server.POSTGRES)
class CommandPathIT {
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(8);
    private static FreshDatabase database;

    private Jdbi jdbi;
    private HandleSessionCommand commands;
    private SessionQueries queries;
    private final UserId user = new UserId(UUID.randomUUID());
    private final SessionId session = new SessionId(UUID.randomUUID());
    private int keys;

    @BeforeEach
    void migratedDatabase(Endpoints.Postgres server) {
        synchronized (CommandPathIT.class) {
            if (database == null) {
                database = FreshDatabase.migrated(server);
            }
        }
        jdbi = database.jdbi();
        Clock clock = Clock.systemUTC();
        SessionEnvironment environment = new SessionEnvironment(clock, UuidV7.secure(clock),
                QualityPolicy.withDefaults(), "/fabula/test");
        JdbiUnitOfWork unitOfWork = new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec());
        commands = new HandleSessionCommand(unitOfWork, environment, new CommandLimits(1_000));
        queries = new SessionQueries(unitOfWork);
    }

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    @Test
    void an_accepted_command_writes_session_round_events_outbox_rows_and_inbox_record_together() {
        accepted(start("start"));
        CommandOutcome.Accepted message = accepted(submit("msg", 1, "SubmitMessage", "text", "make the sea colder"));

        assertThat(message.version()).isEqualTo(2);
        assertThat(count("conversation_sessions where id = '" + session + "' and version = 2")).isEqualTo(1);
        assertThat(queries.rounds(session, user)).get().asList().hasSize(2);
        assertThat(count("domain_events where aggregate_id = '" + session + "'")).isEqualTo(3);
        List<String> outboxRows = jdbi.withHandle(h -> h.createQuery("""
                        select topic || ' ' || key || ' ' || partition_key || ' ' || status || ' ' || retry_count || ' '
                               || max_retries || ' ' || (headers->>'event_type') || ' ' || (payload->>'sequence')
                        from event_outbox where key = :key order by id""")
                .bind("key", session.toString()).mapTo(String.class).list());
        assertThat(outboxRows).containsExactly(
                        "genesis.session.events " + session + " " + session + " PENDING 0 5 Genesis.Session.Started 1",
                        "genesis.session.events " + session + " " + session + " PENDING 0 5 Genesis.Session.SeedRequested 2",
                        "genesis.session.events " + session + " " + session + " PENDING 0 5 Genesis.Session.MessageSubmitted 3");
        assertThat(queries.command(session, new CommandId(key("msg")), user)).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(InboxEntry.Status.COMPLETED);
            assertThat(status.events()).isEqualTo(message.events());
        });
        assertThat(queries.session(session, user)).get().satisfies(row -> {
            assertThat(row.version()).isEqualTo(2);
            assertThat(row.lastSequence()).isEqualTo(3);
            assertThat(row.novelId()).isNotNull();
        });
    }

    @Test
    void the_same_idempotency_key_twice_gives_the_same_answer_and_one_set_of_events() {
        CommandOutcome.Accepted first = accepted(start("start"));
        CommandOutcome.Accepted again = accepted(start("start"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(count("domain_events where aggregate_id = '" + session + "'")).isEqualTo(2);
        assertThat(count("event_outbox where key = '" + session + "'")).isEqualTo(2);
    }

    @Test
    void the_same_idempotency_key_sent_concurrently_gives_the_same_answer_and_one_set_of_events() throws Exception {
        accepted(start("start"));
        List<CommandOutcome> outcomes = concurrently(8, () -> submit("same", 1, "SubmitMessage", "text", "hello"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class));
        List<CommandOutcome.Accepted> accepted = outcomes.stream().map(o -> (CommandOutcome.Accepted) o).toList();
        assertThat(accepted).filteredOn(a -> !a.replayed()).hasSize(1);
        assertThat(accepted).extracting(CommandOutcome.Accepted::version).containsOnly(2L);
        assertThat(accepted).extracting(a -> a.events().stream().map(DomainEvent::eventId).toList()).containsOnly(
                accepted.get(0).events().stream().map(DomainEvent::eventId).toList());
        assertThat(count("domain_events where aggregate_id = '" + session + "'")).isEqualTo(3);
        assertThat(count("event_outbox where key = '" + session + "'")).isEqualTo(3);
        assertThat(count("command_inbox where session_id = '" + session + "'")).isEqualTo(2);
    }

    @Test
    void two_concurrent_commands_with_the_same_expected_version_give_one_acceptance_and_one_conflict() throws Exception {
        accepted(start("start"));
        for (int round = 1; round <= 10; round++) {
            long version = round;
            List<CommandOutcome> outcomes = concurrently(2, () ->
                    submit("race-" + UUID.randomUUID(), version, "SubmitMessage", "text", "message " + version));

            assertThat(outcomes).filteredOn(CommandOutcome.Accepted.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(CommandOutcome.Rejected.class::isInstance).singleElement()
                    .extracting(o -> ((CommandOutcome.Rejected) o).failure())
                    .isInstanceOfSatisfying(Failure.Conflict.class, conflict -> {
                        assertThat(conflict.currentVersion()).isEqualTo(version + 1);
                        assertThat(conflict.reason()).contains("but the session is at " + (version + 1));
                    });
        }
        assertThat(count("domain_events where aggregate_id = '" + session + "'")).isEqualTo(12);
        assertThat(count("conversation_rounds where session_id = '" + session + "'")).isEqualTo(11);
    }

    @Test
    void a_stale_expected_version_is_a_conflict_with_the_current_version() {
        accepted(start("start"));
        accepted(submit("one", 1, "SubmitMessage", "text", "one"));

        Failure failure = rejected(submit("two", 1, "SubmitMessage", "text", "two"));

        assertThat(failure).isInstanceOfSatisfying(Failure.Conflict.class, c -> assertThat(c.currentVersion()).isEqualTo(2));
    }

    @Test
    void the_same_key_with_a_different_body_is_refused_and_writes_nothing() {
        accepted(start("start"));
        accepted(submit("msg", 1, "SubmitMessage", "text", "hello"));
        Map<String, Long> before = counts();

        Failure failure = rejected(submit("msg", 2, "SubmitMessage", "text", "goodbye"));

        assertThat(failure).isInstanceOf(Failure.Validation.class);
        assertThat(failure.reason()).contains("already used for a different request");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void a_command_of_a_type_already_pending_on_the_session_is_refused() {
        accepted(start("start"));
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into command_inbox (idempotency_key, session_id, user_id, command_type, request_hash, status)
                        values (:key, :session, :user, 'PauseSession', :hash, 'RECEIVED')""")
                .bind("key", key("queued")).bind("session", session.value()).bind("user", user.value())
                .bind("hash", "a".repeat(64)).execute());

        Failure failure = rejected(submit("pause", 1, "PauseSession"));

        assertThat(failure).isInstanceOfSatisfying(Failure.Conflict.class, conflict -> {
            assertThat(conflict.reason()).contains("PauseSession command is already pending");
            assertThat(conflict.currentVersion()).isEqualTo(1);
        });
        assertThat(count("domain_events where aggregate_id = '" + session + "'")).isEqualTo(2);
    }

    @Test
    void bad_input_is_refused_with_clear_messages_and_writes_nothing() {
        Map<String, Long> empty = counts();
        assertThat(rejected(commands.submit(new CommandRequest("StartSession",
                Map.of("seed_idea", " ", "novel_id", UUID.randomUUID().toString())), meta("empty-seed", 0))))
                .isInstanceOf(Failure.Validation.class).extracting(Failure::reason)
                .isEqualTo("StartSession: seed idea is required");
        assertThat(counts()).isEqualTo(empty);
        assertThat(failedCommands()).isEqualTo(1);

        accepted(start("start"));
        Map<String, Long> before = counts();
        assertThat(rejected(submit("stage", 1, "RequestProposal", "stage", "EPILOGUE")))
                .isInstanceOf(Failure.Validation.class).extracting(Failure::reason).asString()
                .contains("unknown stage 'EPILOGUE'", "CONCEPT, THEME, WORLD, CHARACTERS, PLOT, DETAILS");
        assertThat(rejected(submit("long", 1, "SubmitMessage", "text", "x".repeat(1_001))))
                .isInstanceOf(Failure.Validation.class).extracting(Failure::reason).asString()
                .contains("1001 characters", "at most 1000");
        assertThat(rejected(submit("state", 1, "ConfirmStage", "stage", "CONCEPT")))
                .isInstanceOf(Failure.Conflict.class).extracting(Failure::reason).asString()
                .contains("CONCEPT is IN_PROGRESS, not AWAITING_REVIEW");
        assertThat(counts()).isEqualTo(before);
        assertThat(failedCommands()).as("each refusal is recorded, and only that").isEqualTo(4);
    }

    @Test
    void a_refused_command_is_recorded_failed_and_its_status_gives_the_reason() {
        accepted(start("start"));

        Failure failure = rejected(submit("confirm", 1, "ConfirmStage", "stage", "CONCEPT"));

        assertThat(queries.command(session, new CommandId(key("confirm")), user)).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(InboxEntry.Status.FAILED);
            assertThat(status.entry().commandType()).isEqualTo("ConfirmStage");
            assertThat(status.failure()).contains(failure);
            assertThat(status.events()).isEmpty();
        });
        String error = jdbi.withHandle(h -> h.createQuery("select error from command_inbox where idempotency_key = :key")
                .bind("key", key("confirm")).mapTo(String.class).one());
        assertThat(error).contains("not AWAITING_REVIEW");
        assertThat(queries.command(session, new CommandId(key("confirm")), new UserId(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void a_refused_command_sent_again_is_decided_afresh_and_its_record_becomes_completed() {
        accepted(start("start"));
        accepted(submit("one", 1, "SubmitMessage", "text", "one"));
        assertThat(rejected(submit("two", 1, "SubmitMessage", "text", "two"))).isInstanceOf(Failure.Conflict.class);
        assertThat(rejected(submit("two", 1, "SubmitMessage", "text", "two"))).isInstanceOf(Failure.Conflict.class);

        CommandOutcome.Accepted second = accepted(submit("two", 2, "SubmitMessage", "text", "two"));

        assertThat(second.version()).isEqualTo(3);
        assertThat(queries.command(session, new CommandId(key("two")), user)).get().satisfies(status -> {
            assertThat(status.status()).isEqualTo(InboxEntry.Status.COMPLETED);
            assertThat(status.failure()).isEmpty();
            assertThat(status.events()).isEqualTo(second.events());
        });
        assertThat(count("command_inbox where idempotency_key = '" + key("two") + "' and error is null")).isEqualTo(1);
        assertThat(accepted(submit("two", 2, "SubmitMessage", "text", "two")).replayed()).isTrue();
    }

    @Test
    void a_branch_is_a_session_of_its_own_sharing_the_rounds_up_to_the_fork_and_numbering_its_own_below_it() {
        accepted(start("start"));
        accepted(submit("m1", 1, "SubmitMessage", "text", "one"));
        accepted(submit("m2", 2, "SubmitMessage", "text", "two"));
        CommandOutcome.Accepted branched = accepted(submit("fork", 3, "BranchSession", "from_round", 2));
        SessionId branch = branched.events().stream()
                .map(e -> e.payload().attribute(io.fabula.domain.event.EventPayload.Attributes.BRANCH_SESSION_ID))
                .filter(java.util.Objects::nonNull).map(SessionId::of).findFirst().orElseThrow();

        CommandOutcome.Accepted onBranch = commands.submit(new CommandRequest("SubmitMessage", Map.of("text", "elsewhere")),
                new CommandMeta(new CommandId(key("b1")), branch, ExpectedVersion.exactly(3), user, new CorrelationId("b1"), null))
                instanceof CommandOutcome.Accepted a ? a : null;

        assertThat(onBranch).isNotNull();
        assertThat(onBranch.version()).isEqualTo(4);
        assertThat(queries.rounds(branch, user).orElseThrow()).extracting(r -> r.roundPath() + "@" + r.sessionId())
                .containsExactly("1@" + session, "2@" + session, "2.1@" + branch, "2.2@" + branch);
        assertThat(queries.branchPoint(branch, user)).get().satisfies(point -> {
            assertThat(point.parent()).isEqualTo(session);
            assertThat(point.fromRound()).isEqualTo(2);
            assertThat(point.fromRoundPath()).isEqualTo("2");
        });
        String sequences = jdbi.withHandle(h -> h.createQuery("""
                        select string_agg(sequence::text, ',' order by sequence) from domain_events where aggregate_id = :id""")
                .bind("id", branch.value()).mapTo(String.class).one());
        assertThat(sequences).isEqualTo("4,5");
        assertThat(count("event_outbox where key = '" + branch + "'")).isEqualTo(2);
        assertThat(queries.session(session, user)).get().extracting(s -> s.version()).isEqualTo(4L);
    }

    private long failedCommands() {
        return count("command_inbox where session_id = '" + session + "' and status = 'FAILED'");
    }

    @ParameterizedTest(name = "a failing write to {0} rolls the whole command back")
    @ValueSource(strings = {"conversation_sessions", "conversation_rounds", "domain_events", "event_outbox", "command_inbox"})
    void a_command_leaves_nothing_behind_when_any_of_its_writes_fails(String table) {
        accepted(start("start"));
        Map<String, Long> before = counts();
        String trigger = "fail_" + table;
        jdbi.useHandle(h -> {
            h.execute("create or replace function fabula_test_fail() returns trigger language plpgsql as "
                    + "$$ begin raise exception 'injected failure on %', tg_table_name; end $$");
            // identifiers from the fixed list above, not input
            h.execute("create trigger " + trigger + " before insert or update on " + table
                    + " for each row execute function fabula_test_fail()");
        });
        try {
            assertThatThrownBy(() -> submit("msg", 1, "SubmitMessage", "text", "hello"))
                    .hasStackTraceContaining("injected failure on " + table);
            assertThat(counts()).isEqualTo(before);
            assertThat(queries.session(session, user)).get().extracting(s -> s.version()).isEqualTo(1L);
        } finally {
            jdbi.useHandle(h -> h.execute("drop trigger " + trigger + " on " + table));
        }
        // and the very same command goes through once the database is healthy again
        assertThat(accepted(submit("msg", 1, "SubmitMessage", "text", "hello")).version()).isEqualTo(2);
    }

    // ---- helpers ----

    private CommandOutcome start(String key) {
        return commands.submit(new CommandRequest("StartSession", Map.of("seed_idea", "a lighthouse keeper",
                "novel_id", new NovelId(UUID.nameUUIDFromBytes(session.toString().getBytes())).toString())), meta(key, 0));
    }

    private CommandOutcome submit(String key, long expectedVersion, String type, Object... namesAndValues) {
        Map<String, Object> payload = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            payload.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return commands.submit(new CommandRequest(type, payload), meta(key, expectedVersion));
    }

    /** Keys are global: prefix them with the session so tests sharing the database never collide. */
    private String key(String key) {
        return session + "/" + key;
    }

    private CommandMeta meta(String key, long expectedVersion) {
        keys++;
        return new CommandMeta(new CommandId(key(key)), session, ExpectedVersion.exactly(expectedVersion), user,
                new CorrelationId("corr-" + keys), null);
    }

    private long count(String fromWhere) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from " + fromWhere).mapTo(Long.class).one());
    }

    /** Rows of this test's session in every table the command path writes. */
    private Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        counts.put("sessions", count("conversation_sessions where id = '" + session + "'"));
        counts.put("rounds", count("conversation_rounds where session_id = '" + session + "'"));
        counts.put("events", count("domain_events where aggregate_id = '" + session + "'"));
        counts.put("outbox", count("event_outbox where key = '" + session + "'"));
        counts.put("inbox", count("command_inbox where session_id = '" + session + "' and status <> 'FAILED'"));
        counts.put("all_events", count("domain_events"));
        return counts;
    }

    private static List<CommandOutcome> concurrently(int n, Callable<CommandOutcome> command) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<CommandOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(THREADS.submit(() -> {
                gate.await();
                return command.call();
            }));
        }
        gate.countDown();
        List<CommandOutcome> outcomes = new ArrayList<>();
        for (Future<CommandOutcome> future : futures) {
            outcomes.add(future.get(30, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    private static CommandOutcome.Accepted accepted(CommandOutcome outcome) {
        assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
        return (CommandOutcome.Accepted) outcome;
    }

    private static Failure rejected(CommandOutcome outcome) {
        assertThat(outcome).isInstanceOf(CommandOutcome.Rejected.class);
        return ((CommandOutcome.Rejected) outcome).failure();
    }
}
