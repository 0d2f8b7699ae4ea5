package io.fabula.application.live;

import io.fabula.domain.event.DomainEvent;
import java.util.Objects;

/**
 * Puts the writer-facing domain events into their writer's live history (SPEC §6: Started, proposals,
 * confirmations, updates, stage completions, Finished, Failed); requests to capabilities and other
 * internal facts are left out. Called for every event of {@code genesis.session.events}, at least once
 * each: the feed delivers an event id once, so redeliveries are harmless.
 */
public final class ForwardToWriter {
    private final LiveFeed feed;

    public ForwardToWriter(LiveFeed feed) {
        this.feed = Objects.requireNonNull(feed, "feed");
    }

    /**
     * @param envelopeJson the event as published (its JSON envelope), which becomes the frame's data
     * @return whether the event was forwarded (false: not writer-facing)
     * @throws LiveUnavailable when the history cannot be written; the caller retries later
     */
    public boolean handle(DomainEvent event, String envelopeJson) {
        if (!event.type().writerFacing()) {
            return false;
        }
        feed.publish(event.payload().userId(),
                new LiveMessage(event.eventId().toString(), event.type().typeName(), envelopeJson));
        return true;
    }
}
