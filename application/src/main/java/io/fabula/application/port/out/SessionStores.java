package io.fabula.application.port.out;

/** The stores of the command path, all bound to one {@link UnitOfWork} transaction. */
public interface SessionStores {

    SessionStore sessions();

    ConversationLog rounds();

    EventStore events();

    Outbox outbox();

    CommandInbox inbox();

    /** For consumers: which events their group has acted on, in the same transaction as the effect. */
    ProcessedEvents processedEvents();
}
