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
    private final RelayListener listener;

    public RelayLoop(RelayOutbox relay, OutboxSignal signal, RelayConfig config, Consumer<RuntimeException> onError) {
        this(relay, signal, config, onError, RelayListener.NONE);
    }

    /** @param listener told about every batch that claimed something, with its duration (metrics) */
    public RelayLoop(RelayOutbox relay, OutboxSignal signal, RelayConfig config, Consumer<RuntimeException> onError,
                     RelayListener listener) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.config = Objects.requireNonNull(config, "config");
        this.onError = Objects.requireNonNull(onError, "onError");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void run() {
        Duration wait = config.pollInterval();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long started = System.nanoTime();
                RelayOutbox.Batch batch = relay.handle();
                if (batch.claimed() > 0) {
                    listener.batchRelayed(batch, Duration.ofNanos(System.nanoTime() - started));
                }
                if (batch.full(config)) {
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
