package io.fabula.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.db.ManagedDataSource;
import io.fabula.adapters.out.postgres.JdbiUnitOfWork;
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
import io.fabula.infra.Endpoints;
import io.fabula.testsupport.Server;
import io.fabula.testsupport.WithInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: command ingest through HandleSessionCommand into PostgreSQL (one transaction: inbox, session,
 * round, events, outbox, NOTIFY) against pgbench inserting single rows, on the same server in the same
 * run; then the latency of commands at a fixed 500 commands/s (open loop, measured from each command's
 * planned start, so queueing counts).
 */
@WithInfra(Server.POSTGRES)
class CommandIngestBenchmark {
    private static final int CLIENTS = BenchSupport.intProperty("clients", 8);
    private static final int SECONDS = BenchSupport.intProperty("seconds", 20);
    private static final int RATE = BenchSupport.intProperty("rate", 500);
    private static final int COMMANDS_PER_SESSION = 30;

    @Test
    void ingest_against_pgbench_and_latency_at_500_commands_per_second(Endpoints.Postgres postgres) throws Exception {
        String url = BenchSupport.freshDatabase(postgres, "ingest");
        double pgbench = pgbench(postgres, url);
        ManagedDataSource pool = BenchSupport.pool(url, postgres, CLIENTS + 2);
        try {
            Jdbi jdbi = Jdbi.create(pool);
            Clock clock = Clock.systemUTC();
            HandleSessionCommand commands = new HandleSessionCommand(new JdbiUnitOfWork(jdbi, new EventEnvelopeCodec()),
                    new SessionEnvironment(clock, UuidV7.secure(clock), QualityPolicy.withDefaults(), "/fabula/bench"),
                    new CommandLimits(10_000));
            closedLoop(commands, 5); // warm-up: JIT, pool, caches
            double ingest = closedLoop(commands, SECONDS);
            long[] latencies = openLoop(commands, RATE, SECONDS);

            System.out.printf("%n== command ingest (PostgreSQL %s, %d clients, %d s) ==%n", postgres.port(), CLIENTS, SECONDS);
            System.out.printf("pgbench single-row insert : %8.0f tx/s%n", pgbench);
            System.out.printf("HandleSessionCommand      : %8.0f commands/s  (%.0f %% of pgbench)%n", ingest, 100 * ingest / pgbench);
            System.out.printf("at %d commands/s          : p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d commands)%n%n", RATE,
                    BenchSupport.percentileMs(latencies, 50), BenchSupport.percentileMs(latencies, 99),
                    BenchSupport.percentileMs(latencies, 100), latencies.length);
            assertThat(ingest).isPositive();
        } finally {
            pool.stop();
        }
    }

    /** pgbench with a one-statement script inserting one row into a table of its own, same clients, same duration. */
    private static double pgbench(Endpoints.Postgres postgres, String url) throws Exception {
        String database = BenchSupport.databaseName(url);
        Jdbi.create(url, postgres.user(), postgres.password()).useHandle(handle -> handle.execute(
                "create table bench_single_row (id bigint generated always as identity primary key, payload jsonb not null,"
                        + " created_at timestamptz not null default now())"));
        Path script = Files.createTempFile("pgbench-insert-", ".sql");
        Files.writeString(script, "insert into bench_single_row (payload) values ('{\"text\": \"make the sea colder\"}');\n");
        String output = BenchSupport.run(List.of("pgbench", "-n", "-c", String.valueOf(CLIENTS), "-j", "2",
                        "-T", String.valueOf(SECONDS), "-f", script.toString(), "-h", postgres.host(),
                        "-p", String.valueOf(postgres.port()), "-U", postgres.user(), database),
                Map.of("PGPASSWORD", postgres.password()), SECONDS + 120L);
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench's output:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }

    /** {@value #CLIENTS} writers as fast as they can: commands per second. */
    private static double closedLoop(HandleSessionCommand commands, int seconds) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(CLIENTS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            running.add(writers.submit(() -> {
                Writer writer = new Writer(commands);
                while (!stop.get()) {
                    writer.next();
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds); // a benchmark's measuring window, not a test synchronisation
        stop.set(true);
        long count = done.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Future<?> writer : running) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        return count / elapsed;
    }

    /** Writers paced to {@code rate} commands/s in total; latency from each command's planned start. */
    private static long[] openLoop(HandleSessionCommand commands, int rate, int seconds) throws Exception {
        int threads = Math.max(CLIENTS * 2, 16);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * threads / rate;
        int perThread = rate * seconds / threads;
        ExecutorService writers = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> results = new ArrayList<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int t = 0; t < threads; t++) {
            long offset = periodNanos * t / threads;
            results.add(writers.submit(() -> {
                Writer writer = new Writer(commands);
                long[] latencies = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    long planned = start + offset + i * periodNanos;
                    long wait = planned - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    writer.next();
                    latencies[i] = System.nanoTime() - planned;
                }
                return latencies;
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            all.add(result.get(seconds + 300L, TimeUnit.SECONDS));
        }
        writers.shutdown();
        return all.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }

    /** One writer: starts a session, sends messages, starts the next session after {@value #COMMANDS_PER_SESSION} commands. */
    private static final class Writer {
        private final HandleSessionCommand commands;
        private final UserId user = new UserId(UUID.randomUUID());
        private SessionId session;
        private long version;

        Writer(HandleSessionCommand commands) {
            this.commands = commands;
        }

        void next() {
            CommandOutcome outcome;
            if (session == null || version >= COMMANDS_PER_SESSION) {
                session = new SessionId(UUID.randomUUID());
                outcome = commands.submit(new CommandRequest("StartSession", Map.of("seed_idea", "a lighthouse keeper",
                        "novel_id", new NovelId(UUID.randomUUID()).toString())), meta(0));
            } else {
                outcome = commands.submit(new CommandRequest("SubmitMessage", Map.of("text", "make the sea colder")),
                        meta(version));
            }
            if (!(outcome instanceof CommandOutcome.Accepted accepted)) {
                throw new IllegalStateException("refused: " + outcome);
            }
            version = accepted.version();
        }

        private CommandMeta meta(long expected) {
            return new CommandMeta(new CommandId(UUID.randomUUID().toString()), session, ExpectedVersion.exactly(expected),
                    user, new CorrelationId("bench"), null);
        }
    }
}
