package io.fabula.application.flow;

import java.util.Objects;

/**
 * Parks a message a consumer cannot process on its {@code <topic>.DLT} (SPEC §2: Poison straight away,
 * Transient once its retries are spent), through the outbox like every other message of the flow.
 */
public final class ParkMessage {
    private final FlowUnitOfWork flow;

    public ParkMessage(FlowUnitOfWork flow) {
        this.flow = Objects.requireNonNull(flow, "flow");
    }

    public void handle(DeadLetter letter) {
        flow.transact(stores -> {
            stores.outbox().deadLetter(letter);
            return null;
        });
    }
}
