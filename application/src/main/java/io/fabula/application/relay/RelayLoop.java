package io.fabula.application.relay;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs {@link RelayOutbox} until interrupted: batch after batch while batches come back full, then
 * waits for the {@link OutboxSignal} (LISTEN/NOTIFY) or the poll interval, whichever comes first.
 * A failing batch (database down) is reported and retried after the poll interval.
 */
public final class RelayLoop implements Runnable {
    private final RelayOutbox relay;
    private final OutboxSignal signal;
    private final RelayConfig config;
    private final Consumer<RuntimeException> onError;

    public RelayLoop(RelayOutbox relay, OutboxSignal signal, RelayConfig config, Consumer<RuntimeException> onError) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.config = Objects.requireNonNull(config, "config");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    @Override
    public void run() {
        Duration wait = config.pollInterval();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (relay.handle().full(config)) {
                    continue;
                }
                signal.await(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                onError.accept(e);
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
