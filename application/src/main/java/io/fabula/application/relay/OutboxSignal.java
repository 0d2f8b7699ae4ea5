package io.fabula.application.relay;

import java.time.Duration;

/** A wake-up for the relay when new outbox messages are committed, so it need not poll fast. */
public interface OutboxSignal {

    /**
     * Waits until new messages may have been committed, or {@code timeout} passed, whichever comes
     * first. A spurious early return is allowed (the relay just finds nothing); a missed signal is
     * covered by the timeout, which makes polling the fallback. Never throws for a lost connection:
     * it then simply waits out the timeout.
     *
     * @throws InterruptedException when the relay is being stopped
     */
    void await(Duration timeout) throws InterruptedException;
}
