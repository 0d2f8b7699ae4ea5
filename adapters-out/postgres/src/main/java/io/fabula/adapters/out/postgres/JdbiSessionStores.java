package io.fabula.adapters.out.postgres;

import io.fabula.application.port.out.CommandInbox;
import io.fabula.application.port.out.ConversationLog;
import io.fabula.application.port.out.EventStore;
import io.fabula.application.port.out.Outbox;
import io.fabula.application.port.out.ProcessedEvents;
import io.fabula.application.port.out.SessionStore;
import io.fabula.application.port.out.SessionStores;
import io.fabula.codec.EventEnvelopeCodec;
import org.jdbi.v3.core.Handle;

/** The command-path stores, all on the handle of one transaction. */
final class JdbiSessionStores implements SessionStores {
    private final JdbiSessionStore sessions;
    private final JdbiConversationLog rounds;
    private final JdbiEventStore events;
    private final JdbiOutbox outbox;
    private final JdbiCommandInbox inbox;
    private final JdbiProcessedEvents processedEvents;

    JdbiSessionStores(Handle handle, EventEnvelopeCodec codec) {
        this.sessions = new JdbiSessionStore(handle);
        this.rounds = new JdbiConversationLog(handle);
        this.events = new JdbiEventStore(handle, codec);
        this.outbox = new JdbiOutbox(handle, codec);
        this.inbox = new JdbiCommandInbox(handle);
        this.processedEvents = new JdbiProcessedEvents(handle);
    }

    @Override public SessionStore sessions() { return sessions; }
    @Override public ConversationLog rounds() { return rounds; }
    @Override public EventStore events() { return events; }
    @Override public Outbox outbox() { return outbox; }
    @Override public CommandInbox inbox() { return inbox; }
    @Override public ProcessedEvents processedEvents() { return processedEvents; }
}
