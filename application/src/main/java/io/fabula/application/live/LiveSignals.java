package io.fabula.application.live;

import io.fabula.domain.id.UserId;

/**
 * What every instance hears, whichever instance it happened on: a writer's history grew, a token delta
 * arrived, a connection must close because its tab opened a newer one elsewhere. Signals are wake-ups,
 * not the messages themselves: the history stays the source of truth, so a missed signal delays a
 * message, never loses it ({@link Listener#resubscribed()} asks listeners to re-read everything).
 */
public interface LiveSignals {

    /** Starts listening; the returned handle stops it. Listener calls come from one thread and must not block. */
    AutoCloseable listen(Listener listener);

    interface Listener {
        /** {@code user}'s history has new messages. */
        void published(UserId user);

        /** A delta to show to {@code delta.userId()}'s connections right now; never replayed. */
        void delta(TokenDelta delta);

        /** The connection with this id must close (its tab replaced it); ignored by instances that do not hold it. */
        void closeRequested(String connectionId);

        /** Signals may have been missed (the subscription was re-established): re-read what is pending. */
        void resubscribed();
    }
}
