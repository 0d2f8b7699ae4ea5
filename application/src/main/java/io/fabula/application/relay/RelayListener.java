package io.fabula.application.relay;

import java.time.Duration;

/**
 * Hears what each relay batch did and how long it took (claim, publish, mark), for the publish-rate,
 * failure and batch-latency metrics. Called on the relay thread after every batch that claimed
 * something; must be quick and must not throw.
 */
@FunctionalInterface
public interface RelayListener {
    RelayListener NONE = (batch, took) -> { };

    void batchRelayed(RelayOutbox.Batch batch, Duration took);
}
