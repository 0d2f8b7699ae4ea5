package io.fabula.app;

import io.fabula.application.session.CommandOutcome;
import io.fabula.application.session.CommandRequest;
import io.fabula.application.session.HandleSessionCommand;
import io.fabula.domain.event.DomainEvent;
import io.fabula.domain.id.CommandId;
import io.fabula.domain.id.CorrelationId;
import io.fabula.domain.id.EventId;
import io.fabula.domain.id.NovelId;
import io.fabula.domain.id.SessionId;
import io.fabula.domain.id.UserId;
import io.fabula.domain.session.CommandMeta;
import io.fabula.domain.session.ExpectedVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers sending commands through the real command path: sessions shared out over threads, each
 * session started and then sent messages one after another with the version it got back. Remembers
 * the ids of the events every accepted command caused, in order: what Kafka must end up holding.
 */
final class SessionLoad {
    private final HandleSessionCommand commands;
    private final List<SessionId> sessions = new ArrayList<>();
    private final Map<SessionId, List<EventId>> expected = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    private ExecutorService writers;
    private final List<Future<?>> running = new ArrayList<>();

    SessionLoad(HandleSessionCommand commands, int sessionCount) {
        this.commands = commands;
        for (int i = 0; i < sessionCount; i++) {
            SessionId session = new SessionId(UUID.randomUUID());
            sessions.add(session);
            expected.put(session, new ArrayList<>());
        }
    }

    /** Each session gets a start and then {@code messagesPerSession} messages; returns when all are accepted. */
    SessionLoad runToCompletion(int threads, int messagesPerSession) throws Exception {
        start(threads, messagesPerSession);
        awaitEnd(10, TimeUnit.MINUTES);
        return this;
    }

    /** Writes in the background until {@link #stop()} (or {@code messagesPerSession} messages each). */
    SessionLoad start(int threads, int messagesPerSession) {
        writers = Executors.newFixedThreadPool(threads);
        List<List<SessionId>> shares = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < sessions.size(); i++) {
            shares.get(i % threads).add(sessions.get(i));
        }
        for (List<SessionId> share : shares) {
            running.add(writers.submit(() -> {
                write(share, messagesPerSession);
                return null;
            }));
        }
        return this;
    }

    /** Asks the writers to stop after their current command and waits for them. */
    void stop() throws Exception {
        stopping.set(true);
        awaitEnd(2, TimeUnit.MINUTES);
    }

    private void awaitEnd(long timeout, TimeUnit unit) throws Exception {
        for (Future<?> writer : running) {
            writer.get(timeout, unit); // a writer's assertion error surfaces here
        }
        writers.shutdown();
    }

    /** Commands accepted so far. */
    long accepted() {
        return accepted.get();
    }

    /** Per session, the ids of the events its accepted commands caused, in order. */
    Map<SessionId, List<EventId>> expected() {
        Map<SessionId, List<EventId>> copy = new LinkedHashMap<>();
        sessions.forEach(session -> copy.put(session, List.copyOf(expected.get(session))));
        return copy;
    }

    long expectedEvents() {
        return expected.values().stream().mapToLong(List::size).sum();
    }

    private void write(List<SessionId> share, int messagesPerSession) {
        Map<SessionId, UserId> users = new LinkedHashMap<>();
        Map<SessionId, Long> versions = new LinkedHashMap<>();
        for (SessionId session : share) {
            UserId user = new UserId(UUID.randomUUID());
            users.put(session, user);
            CommandOutcome.Accepted started = accept(session, commands.submit(new CommandRequest("StartSession",
                    Map.of("seed_idea", "a lighthouse keeper", "novel_id", new NovelId(UUID.randomUUID()).toString())),
                    meta(session, user, "start", 0)));
            versions.put(session, started.version());
        }
        // round robin over the thread's sessions, so every session keeps growing while the load runs
        for (int i = 0; i < messagesPerSession && !stopping.get(); i++) {
            for (SessionId session : share) {
                if (stopping.get()) {
                    return;
                }
                CommandOutcome.Accepted message = accept(session, commands.submit(new CommandRequest("SubmitMessage",
                        Map.of("text", "message " + i)), meta(session, users.get(session), "msg-" + i, versions.get(session))));
                versions.put(session, message.version());
            }
        }
    }

    private CommandOutcome.Accepted accept(SessionId session, CommandOutcome outcome) {
        if (!(outcome instanceof CommandOutcome.Accepted accepted)) {
            throw new AssertionError("command refused on session " + session + ": " + outcome);
        }
        expected.get(session).addAll(accepted.events().stream().map(DomainEvent::eventId).toList());
        this.accepted.incrementAndGet();
        return accepted;
    }

    private static CommandMeta meta(SessionId session, UserId user, String key, long expectedVersion) {
        return new CommandMeta(new CommandId(session + "/" + key), session, ExpectedVersion.exactly(expectedVersion), user,
                new CorrelationId("load-" + key), null);
    }
}
